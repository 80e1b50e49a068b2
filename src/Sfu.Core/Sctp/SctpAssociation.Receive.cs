namespace Sfu.Core.Sctp;

/// <summary>
/// The receive side's state: TSN tracking (SACK timing is <see cref="SctpSackScheduler"/>'s, RFC 9260 6.2), reassembly of
/// fragments (6.9) and ordered and unordered delivery per stream (6.6, <see cref="SctpInboundStreams"/>), and the
/// receiver window. DATA and FORWARD TSN (RFC 3758 3.6) are handled by its <see cref="SctpDataReceiver"/>.
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly SctpTsnTracker _tsns = new();
    private readonly SctpInboundStreams _inbound;
    private readonly SctpSackScheduler _sack;
    private readonly SctpDataReceiver _receiver;

    /// <summary>Bytes held for reassembly or ordering.</summary>
    public int HeldBytes => _inbound.HeldBytes;

    /// <summary>The receive window we advertise: the receive buffer less what is held here and by the application.</summary>
    internal int ReceiveWindow() => Math.Max(0, _options.ReceiveBufferSize - _inbound.HeldBytes - _applicationHeldBytes);

    /// <summary>Hands a complete message to the listener; false when the listener closed the association.</summary>
    internal bool DeliverMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        Stats.MessagesReceived++;
        _listener.OnSctpMessage(streamId, ppid, payload);
        return State != SctpAssociationState.Closed;
    }

    /// <summary>A peer's message outgrew <see cref="SctpOptions.MaxInboundMessageSize"/>: a protocol violation.</summary>
    internal void AbortOversizedMessage() => AbortWith(SctpCloseReason.ProtocolViolation, SctpErrorCause.ProtocolViolation);

    private void AddSack(ref SctpPacketBuilder builder)
    {
        if (_sack.AddTo(ref builder, (uint)ReceiveWindow()))
        {
            Stats.SacksSent++;
        }
    }
}
