namespace Sfu.Load.Publishing;

/// <summary>
/// One simulcast layer of a synthetic camera: its SSRC and rid, the frame schedule (30 per second, sizes around the
/// target bitrate, keyframes three times larger), keyframe requests, and what its sender reports say.
/// </summary>
/// <remarks>Used by the media loop thread of the publisher's peer connection only.</remarks>
public sealed class VideoLayerSender
{
    /// <summary>A keyframe is this many times an average frame (Chromium's are larger still at high resolutions).</summary>
    public const int KeyframeSizeFactor = 3;

    private const long FrameIntervalUs = 1_000_000 / VideoLayerProfile.FramesPerSecond;

    private readonly uint _timestampBase;
    private uint _random;
    private long _startUs;

    public VideoLayerSender(int layer, VideoLayerProfile profile, uint ssrc)
    {
        Layer = layer;
        Profile = profile;
        Ssrc = ssrc;
        Rid = System.Text.Encoding.ASCII.GetBytes(profile.Rid);
        _timestampBase = (uint)Random.Shared.Next();
        _random = (uint)Random.Shared.Next() | 1;
        Packetizer = new Vp8Packetizer(layer, profile.Width, profile.Height, (ushort)Random.Shared.Next(0x8000), (byte)Random.Shared.Next(256));
        SequenceNumber = (ushort)Random.Shared.Next(0x10000);
    }

    public int Layer { get; }

    public VideoLayerProfile Profile { get; }

    public uint Ssrc { get; }

    /// <summary>The rid in ASCII, for the rtp-stream-id extension.</summary>
    public byte[] Rid { get; }

    public Vp8Packetizer Packetizer { get; }

    /// <summary>The next RTP sequence number.</summary>
    public ushort SequenceNumber { get; set; }

    /// <summary>When the next frame is due (media clock).</summary>
    public long NextFrameUs { get; private set; } = long.MaxValue;

    /// <summary>True when the next frame must be a keyframe.</summary>
    public bool KeyframeRequested { get; private set; } = true;

    public long PacketsSent { get; set; }

    public long OctetsSent { get; set; }

    public long KeyframesSent { get; private set; }

    /// <summary>Keyframe requests (PLI, FIR) received for this layer.</summary>
    public long KeyframeRequests { get; private set; }

    /// <summary>Starts the schedule: the first frame (a keyframe) is due at once.</summary>
    public void Start(long nowUs)
    {
        _startUs = nowUs;
        NextFrameUs = nowUs;
    }

    /// <summary>A PLI or FIR arrived for this layer's SSRC: the next frame is a keyframe.</summary>
    public void RequestKeyframe()
    {
        KeyframeRequests++;
        KeyframeRequested = true;
    }

    /// <summary>
    /// Begins the frame due now on the packetizer and returns its RTP timestamp; the schedule moves on by one frame
    /// (or to now, if the loop fell more than a few frames behind).
    /// </summary>
    public uint BeginFrame(long nowUs, int maxPayloadLength)
    {
        long frameUs = NextFrameUs;
        bool keyframe = KeyframeRequested;
        KeyframeRequested = false;
        int average = Profile.AverageFrameBytes;
        int length = keyframe ? average * KeyframeSizeFactor : average - (average / 8) + (int)(NextRandom() % (uint)Math.Max(1, average / 4));
        Packetizer.StartFrame(keyframe, Math.Max(length, Vp8Packetizer.MinFrameLength), maxPayloadLength);
        if (keyframe)
        {
            KeyframesSent++;
        }

        NextFrameUs = nowUs - frameUs > 5 * FrameIntervalUs ? nowUs + FrameIntervalUs : frameUs + FrameIntervalUs;
        return RtpTimestampAt(frameUs);
    }

    /// <summary>The RTP timestamp (90 kHz) of a media clock time on this layer's timeline.</summary>
    public uint RtpTimestampAt(long nowUs) => _timestampBase + (uint)((nowUs - _startUs) * 90 / 1000);

    private uint NextRandom()
    {
        _random ^= _random << 13;
        _random ^= _random >> 17;
        _random ^= _random << 5;
        return _random;
    }
}
