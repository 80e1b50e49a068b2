namespace Sfu.Core.Forwarding;

/// <summary>
/// Resends and probe padding: the subscriber's NACKs are answered and the allocator's probes sent by the down-track's
/// <see cref="DownTrackRetransmitter"/>; these members give its statistics and bounds.
/// </summary>
public sealed partial class DownTrack
{
    /// <summary>At most this many resends of one packet.</summary>
    public const int MaxResendsPerPacket = 8;

    private readonly DownTrackRetransmitter _retransmitter;

    /// <summary>A packet is resent at most once in this interval (NACKs repeated in one burst are answered once).</summary>
    public static TimeSpan MinResendInterval { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Generic NACK packets received from the subscriber about this down-track.</summary>
    public long NacksReceived => _retransmitter.NacksReceived;

    /// <summary>Sequence numbers those NACKs named.</summary>
    public long NackedPacketsReceived => _retransmitter.NackedPacketsReceived;

    /// <summary>Packets resent after a NACK (as RTX or plain).</summary>
    public long RetransmissionsSent => _retransmitter.RetransmissionsSent;

    /// <summary>NACKed packets that could not be resent: never sent, or no longer remembered or kept.</summary>
    public long RetransmissionsMissed => _retransmitter.RetransmissionsMissed;

    /// <summary>True when the down-track can resend what it sends (its subscriber negotiated NACK for a codec).</summary>
    public bool CachesPackets => _retransmitter.CachesPackets;

    /// <summary>
    /// True when this down-track can carry probe padding: video with an RTX stream for the codec it forwarded last, a
    /// packet already sent, and transport-wide sequence numbers (the probe is measured through them). Also while the
    /// allocator pauses it: probing is how it comes back.
    /// </summary>
    internal bool CanSendPadding =>
        _isVideo && !IsClosed && PacketsSent > 0 && _headers.HasTransportSequence && _retransmitter.HasRtxFor(_lastPayloadType);

    /// <summary>A NACK from the subscriber: resends each named packet that is still known and within the resend bounds.</summary>
    internal void OnNack(scoped in Rtcp.GenericNack nack, Span<byte> scratch, long now) =>
        _retransmitter.OnNack(nack, scratch, now, IsClosed);

    /// <summary>
    /// Sends about <paramref name="bytes"/> of padding-only RTX packets (see <see cref="DownTrackRetransmitter.SendPadding"/>)
    /// as part of a bandwidth probe. Returns the bytes sent.
    /// </summary>
    internal int SendPadding(Span<byte> scratch, int bytes, long now) =>
        _retransmitter.SendPadding(scratch, bytes, now, _lastPayloadType, _timestamps.LastOutgoing);
}
