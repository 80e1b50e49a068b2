using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Codecs;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// A subscriber's transport that plays its network link and its browser, allocation-free once built. Every packet the
/// router sends is pushed through a bottleneck (a FIFO served at <see cref="CapacityBps"/>, tail drop when it would
/// hold more than <see cref="MaxQueueDelayUs"/>, then <see cref="PropagationUs"/> of delay); what comes out is recorded
/// by its transport-wide sequence number in a <see cref="TransportCcRecorder"/>, and every 50 ms the feedback goes back
/// through <see cref="RoomRouter.OnRtcp"/>. On the way in it checks the video down-track the way a decoder would see
/// it: contiguous sequence numbers, timestamps that never go backwards, VP8 picture IDs and TL0PICIDX continuing by one
/// per frame, and which publisher layer each frame came from (the last payload byte, see <see cref="SimulcastPublisher"/>).
/// </summary>
internal sealed class BottleneckLink : IRtpPacketSink
{
    /// <summary>Added to each packet on the wire (the SRTP tag, about).</summary>
    public const int SrtpOverhead = 12;

    private const int QueueCapacity = 16_384;
    private const long FeedbackIntervalUs = 50_000;
    private const uint FeedbackSenderSsrc = 0x5EB5;

    private readonly TimeProvider _time;
    private readonly ushort[] _queuedSequence = new ushort[QueueCapacity];
    private readonly long[] _queuedArrivalUs = new long[QueueCapacity];
    private readonly TransportCcRecorder _recorder = new();
    private readonly byte[] _feedback = new byte[1500];
    private readonly int _transportCcId;
    private int _queueHead;
    private int _queueCount;
    private long _busyUntilUs;
    private long _nextFeedbackUs;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private int _lastPictureId = -1;
    private int _lastTl0 = -1;
    private long _lastFrameTicks;

    public BottleneckLink(TimeProvider time, long capacityBps, uint videoSsrc, uint? rtxSsrc = null, uint? audioSsrc = null, int transportCcId = TestCodecs.SubTransportCc)
    {
        _time = time;
        CapacityBps = capacityBps;
        VideoSsrc = videoSsrc;
        RtxSsrc = rtxSsrc;
        AudioSsrc = audioSsrc;
        _transportCcId = transportCcId;
    }

    /// <summary>Where feedback goes; set once the router knows this transport.</summary>
    public RoomRouter? Router { get; set; }

    public long CapacityBps { get; set; }

    public long PropagationUs { get; set; } = 20_000;

    public long MaxQueueDelayUs { get; set; } = 200_000;

    /// <summary>False: the browser sends no transport-wide-cc feedback.</summary>
    public bool SendsFeedback { get; set; } = true;

    /// <summary>When set, a copy of every RTP packet is kept here (not for allocation tests).</summary>
    public List<byte[]>? Recorded { get; set; }

    public uint VideoSsrc { get; }

    public uint? RtxSsrc { get; }

    public uint? AudioSsrc { get; }

    public long PacketsOffered { get; private set; }

    public long BytesOffered { get; private set; }

    public long DroppedAtQueue { get; private set; }

    public long FeedbackPacketsSent { get; private set; }

    public long VideoPackets { get; private set; }

    public long VideoFrames { get; private set; }

    public long AudioPackets { get; private set; }

    /// <summary>Padding-only packets on the RTX SSRC with the transport-wide sequence number (probes).</summary>
    public long ProbePaddingPackets { get; private set; }

    /// <summary>Any other packet on the RTX SSRC, or a padding packet that is not a well-formed probe.</summary>
    public long OtherRtxPackets { get; private set; }

    public long SequenceGaps { get; private set; }

    public long TimestampRegressions { get; private set; }

    public long PictureIdBreaks { get; private set; }

    public long Tl0PicIdxBreaks { get; private set; }

    /// <summary>The largest timestamp step between two consecutive frames of the video.</summary>
    public uint MaxFrameTimestampStep { get; private set; }

    /// <summary>The longest wall-clock time between two consecutive frames of the video (a freeze).</summary>
    public TimeSpan LongestFrameGap { get; private set; }

    /// <summary>The rid character of the publisher layer of the last video packet (0 before one).</summary>
    public char SourceRid { get; private set; }

    /// <summary>Times the video's source layer changed (the first one not counted).</summary>
    public int SourceChanges { get; private set; }

    /// <summary>Source layer changes whose first packet was not the start of a keyframe (undecodable).</summary>
    public int SwitchesNotAtKeyframe { get; private set; }

    /// <summary>Width in the last VP8 keyframe header forwarded.</summary>
    public int LastKeyframeWidth { get; private set; }

    /// <summary>Zeroes the freeze measure (e.g. after a deliberate pause).</summary>
    public void ResetLongestFrameGap() => LongestFrameGap = TimeSpan.Zero;

    public bool SendRtp(Span<byte> buffer, int length)
    {
        ReadOnlySpan<byte> packet = buffer.Slice(0, length);
        if (RtpHeader.TryParse(packet, out RtpHeader header) != RtpParseError.None)
        {
            throw new InvalidOperationException("the router sent an invalid RTP packet");
        }

        Recorded?.Add(packet.ToArray());
        PacketsOffered++;
        BytesOffered += length;
        bool hasTransportSequence = RtpHeaderExtensions.TryFind(packet, header, _transportCcId, out ReadOnlySpan<byte> transportSequence)
            && transportSequence.Length == 2;
        if (header.Ssrc == VideoSsrc)
        {
            CheckVideo(packet, header);
        }
        else if (header.Ssrc == AudioSsrc)
        {
            AudioPackets++;
        }
        else if (header.Ssrc == RtxSsrc)
        {
            if (header.PayloadLength == 0 && header.HasPadding && header.PaddingLength > 0 && hasTransportSequence)
            {
                ProbePaddingPackets++;
            }
            else
            {
                OtherRtxPackets++;
            }
        }

        if (hasTransportSequence)
        {
            Enqueue(BinaryPrimitives.ReadUInt16BigEndian(transportSequence), length + SrtpOverhead);
        }

        return true;
    }

    public bool SendRtcp(Span<byte> buffer, int length) => true;

    /// <summary>Delivers what has crossed the link by now and sends the feedback when it is due.</summary>
    public void Deliver()
    {
        long nowUs = NowUs();
        while (_queueCount > 0 && _queuedArrivalUs[_queueHead] <= nowUs)
        {
            _recorder.OnPacket(_queuedSequence[_queueHead], _queuedArrivalUs[_queueHead]);
            _queueHead = (_queueHead + 1) % QueueCapacity;
            _queueCount--;
        }

        if (!SendsFeedback || nowUs < _nextFeedbackUs || Router is null)
        {
            return;
        }

        _nextFeedbackUs = nowUs + FeedbackIntervalUs;
        int length = _recorder.WriteFeedback(_feedback, FeedbackSenderSsrc, VideoSsrc);
        if (length > 0)
        {
            Router.OnRtcp(this, _feedback.AsSpan(0, length));
            FeedbackPacketsSent++;
        }
    }

    /// <summary>The browser sends a REMB for the video.</summary>
    public void SendRemb(long bps)
    {
        Span<uint> ssrcs = stackalloc uint[1];
        ssrcs[0] = VideoSsrc;
        int length = ReceiverEstimatedMaxBitrate.Write(_feedback, FeedbackSenderSsrc, (ulong)bps, ssrcs);
        Router!.OnRtcp(this, _feedback.AsSpan(0, length));
    }

    private long NowUs() => _time.GetTimestamp() * 1_000_000 / _time.TimestampFrequency;

    private void Enqueue(ushort sequence, int size)
    {
        long nowUs = NowUs();
        long departureUs = Math.Max(nowUs, _busyUntilUs) + (size * 8L * 1_000_000 / CapacityBps);
        if (departureUs - nowUs > MaxQueueDelayUs || _queueCount == QueueCapacity)
        {
            DroppedAtQueue++;
            return;
        }

        _busyUntilUs = departureUs;
        int tail = (_queueHead + _queueCount) % QueueCapacity;
        _queuedSequence[tail] = sequence;
        _queuedArrivalUs[tail] = departureUs + PropagationUs;
        _queueCount++;
    }

    private void CheckVideo(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (VideoPackets > 0)
        {
            if (header.SequenceNumber != (ushort)(_lastSequence + 1))
            {
                SequenceGaps++;
            }

            if ((int)(header.Timestamp - _lastTimestamp) < 0)
            {
                TimestampRegressions++;
            }
        }

        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor) || !descriptor.HasPictureId || !descriptor.HasTl0PicIdx)
        {
            throw new InvalidOperationException("the router forwarded a VP8 packet without its picture ID");
        }

        if (descriptor.IsStartOfFrame)
        {
            long now = _time.GetTimestamp();
            if (_lastPictureId >= 0)
            {
                PictureIdBreaks += descriptor.PictureId == ((_lastPictureId + 1) & 0x7FFF) ? 0 : 1;
                Tl0PicIdxBreaks += descriptor.Tl0PicIdx == (byte)(_lastTl0 + 1) ? 0 : 1;
                MaxFrameTimestampStep = Math.Max(MaxFrameTimestampStep, header.Timestamp - _lastTimestamp);
                TimeSpan gap = TimeSpan.FromTicks((now - _lastFrameTicks) * TimeSpan.TicksPerSecond / _time.TimestampFrequency);
                LongestFrameGap = gap > LongestFrameGap ? gap : LongestFrameGap;
            }

            _lastPictureId = descriptor.PictureId;
            _lastTl0 = descriptor.Tl0PicIdx;
            _lastFrameTicks = now;
            VideoFrames++;
            if (descriptor.StartsKeyframe && Vp8PayloadDescriptor.TryReadKeyframeSize(payload, out int width, out _))
            {
                LastKeyframeWidth = width;
            }
        }
        else if (descriptor.PictureId != _lastPictureId || descriptor.Tl0PicIdx != _lastTl0)
        {
            PictureIdBreaks++;
        }

        char rid = (char)payload[^1];
        if (SourceRid != 0 && rid != SourceRid)
        {
            SourceChanges++;
            SwitchesNotAtKeyframe += descriptor.StartsKeyframe ? 0 : 1;
        }

        SourceRid = rid;
        _lastSequence = header.SequenceNumber;
        _lastTimestamp = header.Timestamp;
        VideoPackets++;
    }
}
