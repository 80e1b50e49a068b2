using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The receive side of one published stream (one simulcast layer, or the whole track without simulcast): the SSRC it
/// currently arrives on, 64-bit extended sequence numbers, loss and interarrival jitter (RFC 3550 A.3, A.8), packet
/// and byte counts, keyframes seen, the publisher's last sender report and the keyframe-request throttle.
/// </summary>
/// <remarks>
/// Runs on the room's media worker thread; the properties are plain reads for that thread. Statistics of loss,
/// sequence numbers and jitter restart when the stream moves to a new SSRC (e.g. the camera was restarted); the
/// packet, byte and keyframe counters keep counting.
/// </remarks>
public sealed partial class RtpStreamReceiver
{
    private readonly long _epoch;
    private readonly long _frequency;
    private readonly int _clockRate;
    private SequenceNumberUnwrapper _unwrapper;
    private long _baseSequence;
    private long _maxSequence;
    private long _receivedSinceBind;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _hasTransit;
    private int _lastTransit;
    private double _jitter;
    private bool _hasKeyframeTimestamp;
    private uint _lastKeyframeRtpTimestamp;

    /// <summary>Marks "never" in <see cref="_lastMediaPacket"/>.</summary>
    private const long Never = long.MinValue;

    private long _lastMediaPacket = Never;

    /// <summary>Added to extended sequence numbers to make <see cref="RetransmissionKey"/>; moves up at each new SSRC.</summary>
    private long _retransmissionKeyOffset = 0x10000;

    internal RtpStreamReceiver(PublishedTrack track, RidIndex ridIndex, string? rid, int clockRate, long epoch, long frequency)
    {
        Track = track;
        RidIndex = ridIndex;
        Rid = rid;
        _clockRate = clockRate;
        _epoch = epoch;
        _frequency = frequency;
        Nack = track.SupportsNack ? new NackGenerator(frequency) : null;
    }

    public PublishedTrack Track { get; }

    /// <summary>The stream's position in the publisher's rid list (0 without simulcast); not its quality.</summary>
    public RidIndex RidIndex { get; }

    /// <summary>The simulcast rid, or null without simulcast.</summary>
    public string? Rid { get; }

    /// <summary>The SSRC the stream currently arrives on; valid when <see cref="HasSsrc"/>.</summary>
    public uint Ssrc { get; private set; }

    public bool HasSsrc { get; private set; }

    /// <summary>The RTX SSRC repairing this stream, once seen or declared.</summary>
    public uint? RtxSsrc { get; internal set; }

    /// <summary>Media packets received (padding-only ones included, RTX not), over all SSRCs.</summary>
    public long PacketsReceived { get; private set; }

    /// <summary>Bytes of those packets (RTP header included, SRTP overhead not).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Packets that carried only padding (bandwidth probes).</summary>
    public long PaddingPacketsReceived { get; private set; }

    /// <summary>Packets received on the RTX stream (those repairing a missing packet are forwarded as it).</summary>
    public long RtxPacketsReceived { get; private set; }

    /// <summary>Generic NACK packets sent to the publisher for this stream.</summary>
    public long NacksSent { get; internal set; }

    /// <summary>Missing packets that arrived after all (late, or retransmitted on RTX after a NACK).</summary>
    public long PacketsRecovered => Nack?.Recovered ?? 0;

    /// <summary>Missing packets given up on (NACK retries exhausted or too old).</summary>
    public long PacketsGivenUp => Nack?.GivenUp ?? 0;

    /// <summary>
    /// The stream's recent packets, kept once for every down-track that resends (<see cref="EnableRetransmissions"/>);
    /// null while none does.
    /// </summary>
    internal ReceivedPacketRing? Retransmissions { get; private set; }

    /// <summary>Loss detection and NACK retries; null when the publisher did not negotiate NACK.</summary>
    internal NackGenerator? Nack { get; }

    /// <summary>Packets lost on the current SSRC: expected (from the sequence numbers) minus received; negative with duplicates.</summary>
    public long PacketsLost => _receivedSinceBind == 0 ? 0 : _maxSequence - _baseSequence + 1 - _receivedSinceBind;

    /// <summary>True once a packet arrived on the current SSRC.</summary>
    public bool HasPacketsOnCurrentSsrc => _receivedSinceBind > 0;

    /// <summary>The highest extended sequence number received on the current SSRC.</summary>
    public long HighestSequenceNumber => _maxSequence;

    /// <summary>Fraction of packets lost in the interval before the last receiver report sent (0..1).</summary>
    public double FractionLost { get; private set; }

    /// <summary>Interarrival jitter (RFC 3550 A.8) in RTP timestamp units of the track's clock.</summary>
    public double Jitter => _jitter;

    /// <summary>Keyframes received (counted once per frame).</summary>
    public long KeyframesReceived { get; private set; }

    /// <summary>When the last keyframe started arriving (a <see cref="TimeProvider"/> timestamp), or null.</summary>
    public long? LastKeyframeTimestamp { get; private set; }

    /// <summary>When the last packet arrived (a <see cref="TimeProvider"/> timestamp), or null.</summary>
    public long? LastPacketTimestamp { get; private set; }

    /// <summary>Moves the stream to <paramref name="ssrc"/>, restarting the per-SSRC statistics when it changes.</summary>
    internal void Bind(uint ssrc)
    {
        if (HasSsrc && Ssrc == ssrc)
        {
            return;
        }

        if (_receivedSinceBind > 0)
        {
            // The new SSRC's numbers start anywhere: its keys start above every key of the old one (a multiple of
            // 2^16 apart, so a key's low 16 bits stay the RTP sequence number).
            _retransmissionKeyOffset = ((_maxSequence + _retransmissionKeyOffset) & ~0xFFFFL) + 0x30000;
        }

        Ssrc = ssrc;
        HasSsrc = true;
        _unwrapper.Reset();
        _baseSequence = 0;
        _maxSequence = 0;
        _receivedSinceBind = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _hasTransit = false;
        _jitter = 0;
        _hasKeyframeTimestamp = false;
        Nack?.Reset();
        ResetSenderReport();
    }

    /// <summary>Records a media packet of the current SSRC and returns its extended sequence number.</summary>
    internal long OnPacket(scoped in RtpHeader header, int length, int clockRate, bool keyframe, long now)
    {
        long extended = _unwrapper.Unwrap(header.SequenceNumber);
        bool newest = _receivedSinceBind == 0 || extended > _maxSequence;
        if (_receivedSinceBind == 0)
        {
            _baseSequence = extended;
        }

        if (newest)
        {
            _maxSequence = extended;
        }

        Nack?.OnPacket(extended, now);
        _receivedSinceBind++;
        PacketsReceived++;
        BytesReceived += length;
        bool padding = header.PayloadLength == 0;
        if (padding)
        {
            PaddingPacketsReceived++; // padding keeps no layer alive
        }
        else
        {
            _lastMediaPacket = now;
            if (newest && clockRate == _clockRate)
            {
                UpdateJitter(header.Timestamp, now);
            }
        }

        if (keyframe && (!_hasKeyframeTimestamp || header.Timestamp != _lastKeyframeRtpTimestamp))
        {
            _hasKeyframeTimestamp = true;
            _lastKeyframeRtpTimestamp = header.Timestamp;
            KeyframesReceived++;
            LastKeyframeTimestamp = now;
        }

        LastPacketTimestamp = now;
        return extended;
    }

    /// <summary>True when a packet with payload arrived less than <paramref name="stallTicks"/> before <paramref name="now"/>.</summary>
    internal bool IsLive(long now, long stallTicks) => _lastMediaPacket != Never && now - _lastMediaPacket < stallTicks;

    /// <summary>
    /// The key of a packet in <see cref="Retransmissions"/>: its extended sequence number, shifted so that keys only
    /// grow, even when the stream moves to a new SSRC whose numbering starts over. Never negative.
    /// </summary>
    internal long RetransmissionKey(long extended) => extended + _retransmissionKeyOffset;

    /// <summary>
    /// The full key whose low 32 bits are <paramref name="low32"/>: the newest such key not above the current stream's
    /// highest (keys of the last 2^32 packets are told apart).
    /// </summary>
    internal long RetransmissionKeyFromLow32(uint low32)
    {
        long highest = RetransmissionKey(_maxSequence);
        return highest - unchecked((uint)highest - low32);
    }

    /// <summary>Starts keeping the stream's packets for retransmission, sized for its packet rate when known (setup path).</summary>
    internal void EnableRetransmissions() =>
        Retransmissions ??= new ReceivedPacketRing(PacketRate > 0 ? ReceivedPacketRing.WantedSlots(PacketRate) : ReceivedPacketRing.InitialSlots);

    /// <summary>Stops keeping packets and gives the storage back (the last down-track that resends went).</summary>
    internal void DisableRetransmissions()
    {
        Retransmissions?.Release();
        Retransmissions = null;
    }

    /// <summary>Counts a packet of this stream's RTX stream.</summary>
    internal void OnRtxPacket() => RtxPacketsReceived++;

    /// <summary>
    /// True when an RTX packet repairing <paramref name="sequenceNumber"/> is a retransmission of a packet this stream
    /// is missing (and NACKed): only then is it received as the original. Probes and copies of packets already
    /// received are not.
    /// </summary>
    internal bool IsMissing(ushort sequenceNumber) =>
        Nack is not null && _receivedSinceBind > 0 && Nack.IsMissing(_unwrapper.PeekUnwrap(sequenceNumber));

    /// <summary>RFC 3550 A.8: J += (|D(i-1,i)| - J) / 16, with arrival times in RTP units of the track's clock.</summary>
    private void UpdateJitter(uint timestamp, long now)
    {
        long arrival = RtpClock.ToUnits(now - _epoch, _frequency, _clockRate);
        int transit = unchecked((int)((uint)arrival - timestamp));
        if (_hasTransit)
        {
            long difference = Math.Abs((long)unchecked(transit - _lastTransit));
            _jitter += (difference - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }
}
