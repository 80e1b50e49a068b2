namespace Sfu.Core.Sctp;

/// <summary>
/// Backpressure from the application: messages it took from this association but could not pass on yet (a relay
/// whose receiver is slow) count against the receive window we advertise, so the peer slows down instead of the relay
/// buffering without bound or dropping reliable messages.
/// </summary>
public sealed partial class SctpAssociation
{
    private int _applicationHeldBytes;

    /// <summary>Bytes the application holds on this association's behalf (see <see cref="HoldReceived"/>).</summary>
    public int ApplicationHeldBytes => _applicationHeldBytes;

    /// <summary>The application keeps <paramref name="bytes"/> of received messages waiting: our advertised window shrinks by as much.</summary>
    public void HoldReceived(int bytes) => _applicationHeldBytes += Math.Max(0, bytes);

    /// <summary>
    /// The application passed on <paramref name="bytes"/> it held. When that reopens a window we had closed below a
    /// quarter of the receive buffer, a SACK goes out at once as a window update (RFC 9260 6.2), so the peer need not wait
    /// for its zero-window probe. Call outside this association's callbacks (e.g. from the worker's tick).
    /// </summary>
    public void ReleaseReceived(int bytes)
    {
        int quarter = _options.ReceiveBufferSize / 4;
        bool wasSmall = ReceiveWindow() < quarter;
        _applicationHeldBytes = Math.Max(0, _applicationHeldBytes - Math.Max(0, bytes));
        if (wasSmall && ReceiveWindow() >= quarter && State == SctpAssociationState.Established)
        {
            _sack.RequestNow();
            Flush(_clock());
        }
    }
}
