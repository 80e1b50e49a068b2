using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Codecs;
using Sfu.Load.Publishing;

namespace Sfu.Load.Subscribing;

/// <summary>
/// Checks what arrives on one down-track (one subscriber m-section carrying one remote track): sequence continuity
/// (<see cref="SequenceContinuity"/>), and for video that the picture starts with a keyframe and that every switch
/// to another simulcast layer starts with a keyframe of that layer (the synthetic packets name their layer, see
/// <see cref="Vp8Packetizer"/>); frame sizes from keyframes; packets and bytes per layer.
/// </summary>
/// <remarks>Updated by the subscriber peer's media loop thread; the reporter reads the counters from another thread.</remarks>
public sealed class ReceivedTrack
{
    /// <summary>Simulcast layers tracked per down-track.</summary>
    public const int MaxLayers = 3;

    private readonly long[] _layerPackets = new long[MaxLayers];
    private readonly long[] _layerBytes = new long[MaxLayers];
    private bool _awaitingKeyframe = true;
    private bool _violationCounted;
    private uint _lastSenderReport;
    private long _lastSenderReportUs = -1;
    private long _expectedAtLastReport;
    private long _receivedAtLastReport;

    public ReceivedTrack(SubscribedSection section, long createdUs)
    {
        Section = section;
        CreatedUs = createdUs;
    }

    public SubscribedSection Section { get; }

    public bool IsVideo => Section.IsVideo;

    /// <summary>When the track was subscribed (media clock).</summary>
    public long CreatedUs { get; }

    /// <summary>When its m-section went away or was given another track; -1 while live.</summary>
    public long EndedUs { get; set; } = -1;

    public SequenceContinuity Continuity { get; } = new();

    public long Packets;
    public long Bytes;

    /// <summary>Padding-only packets (no payload), on the media or the RTX SSRC: probes, not media.</summary>
    public long PaddingPackets;

    /// <summary>Packets on the RTX SSRC with a payload (retransmissions).</summary>
    public long RtxPackets;

    public long Frames;
    public long Keyframes;

    /// <summary>
    /// Times the picture started or changed layer without a keyframe: the first video packet did not start a keyframe,
    /// or a packet of a new layer came before that layer's keyframe. Must stay 0.
    /// </summary>
    public long KeyframeViolations;

    public long LayerSwitches;

    /// <summary>The layer of the last video packet (-1 before any).</summary>
    public int CurrentLayer = -1;

    /// <summary>Size of the last keyframe (0 before any).</summary>
    public int Width;

    public int Height;

    /// <summary>When the first media packet arrived (-1 before).</summary>
    public long FirstPacketUs = -1;

    /// <summary>When the first keyframe arrived (-1 before).</summary>
    public long FirstKeyframeUs = -1;

    /// <summary>Packets received of a layer (video).</summary>
    public long LayerPackets(int layer) => Volatile.Read(ref _layerPackets[layer]);

    /// <summary>Payload bytes received of a layer (video).</summary>
    public long LayerBytes(int layer) => Volatile.Read(ref _layerBytes[layer]);

    /// <summary>Takes one RTP packet of the media SSRC.</summary>
    public void OnPacket(ReadOnlySpan<byte> packet, in RtpHeader header, long nowUs)
    {
        Continuity.Add(header.SequenceNumber);
        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        if (payload.IsEmpty)
        {
            PaddingPackets++;
            return;
        }

        Packets++;
        Bytes += payload.Length;
        if (FirstPacketUs < 0)
        {
            FirstPacketUs = nowUs;
        }

        if (IsVideo)
        {
            OnVideoPayload(payload, nowUs);
        }
    }

    /// <summary>Takes one RTP packet of the RTX SSRC.</summary>
    public void OnRtxPacket(in RtpHeader header)
    {
        if (header.PayloadLength == 0)
        {
            PaddingPackets++;
        }
        else
        {
            RtxPackets++;
        }
    }

    /// <summary>Remembers a sender report about this track's SSRC, for the next receiver report's LSR/DLSR.</summary>
    public void OnSenderReport(ulong ntpTimestamp, long nowUs)
    {
        _lastSenderReport = NtpTime.ToCompact(ntpTimestamp);
        _lastSenderReportUs = nowUs;
    }

    /// <summary>The RFC 3550 report block about this track now (fraction lost since the previous one).</summary>
    public ReportBlock CreateReportBlock(long nowUs)
    {
        long expected = Continuity.Expected;
        long received = Continuity.Received;
        long expectedInterval = expected - _expectedAtLastReport;
        long lostInterval = expectedInterval - (received - _receivedAtLastReport);
        _expectedAtLastReport = expected;
        _receivedAtLastReport = received;
        byte fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint dlsr = _lastSenderReportUs < 0 ? 0 : NtpTime.MicrosecondsToCompact(nowUs - _lastSenderReportUs);
        long highest = Math.Max(0, Continuity.HighestExtended - 65536);
        return new ReportBlock(Section.Ssrc, fraction, (int)Math.Min(Continuity.Lost, int.MaxValue), (uint)highest, 0, _lastSenderReport, dlsr);
    }

    private void OnVideoPayload(ReadOnlySpan<byte> payload, long nowUs)
    {
        if (!Vp8Packetizer.TryReadTag(payload, out LayerTag tag))
        {
            return; // not ours (another publisher kind): continuity is still checked
        }

        int layer = Math.Clamp(tag.Layer, 0, MaxLayers - 1);
        _layerPackets[layer]++;
        _layerBytes[layer] += payload.Length;
        if (tag.StartsFrame)
        {
            Frames++;
        }

        if (tag.StartsKeyframe)
        {
            Keyframes++;
            if (FirstKeyframeUs < 0)
            {
                FirstKeyframeUs = nowUs;
            }

            if (Vp8PayloadDescriptor.TryReadKeyframeSize(payload, out int width, out int height))
            {
                Width = width;
                Height = height;
            }
        }

        bool switched = CurrentLayer >= 0 && layer != CurrentLayer;
        if (switched)
        {
            LayerSwitches++;
        }

        if (_awaitingKeyframe || switched)
        {
            if (tag.StartsKeyframe)
            {
                _awaitingKeyframe = false;
                _violationCounted = false;
            }
            else
            {
                // A start or switch without a keyframe: the decoder would show garbage until one comes.
                _awaitingKeyframe = true;
                if (!_violationCounted)
                {
                    KeyframeViolations++;
                    _violationCounted = true;
                }
            }
        }

        CurrentLayer = layer;
    }
}
