namespace Sfu.Load.Publishing;

/// <summary>
/// A synthetic Opus stream: one packet every 20 ms (960 samples at 48 kHz) of 60-100 bytes, with an audio level that
/// alternates between speech and silence every few seconds. The payload is filler (SRTP does not care).
/// </summary>
/// <remarks>Used by the media loop thread of the publisher's peer connection only.</remarks>
public sealed class AudioSender
{
    /// <summary>Packet interval.</summary>
    public const long PacketIntervalUs = 20_000;

    private readonly uint _timestampBase;
    private uint _random;
    private long _startUs;

    public AudioSender(uint ssrc)
    {
        Ssrc = ssrc;
        _timestampBase = (uint)Random.Shared.Next();
        _random = (uint)Random.Shared.Next() | 1;
        SequenceNumber = (ushort)Random.Shared.Next(0x10000);
    }

    public uint Ssrc { get; }

    public ushort SequenceNumber { get; set; }

    /// <summary>When the next packet is due (media clock).</summary>
    public long NextPacketUs { get; private set; } = long.MaxValue;

    public long PacketsSent { get; set; }

    public long OctetsSent { get; set; }

    public void Start(long nowUs)
    {
        _startUs = nowUs;
        NextPacketUs = nowUs;
    }

    /// <summary>Takes the packet due now: its RTP timestamp, payload length and audio level; the schedule moves on.</summary>
    public uint NextPacket(long nowUs, out int payloadLength, out int audioLevel)
    {
        long packetUs = NextPacketUs;
        NextPacketUs = nowUs - packetUs > 10 * PacketIntervalUs ? nowUs + PacketIntervalUs : packetUs + PacketIntervalUs;
        _random ^= _random << 13;
        _random ^= _random >> 17;
        _random ^= _random << 5;
        payloadLength = 60 + (int)(_random % 41);
        bool speaking = (packetUs - _startUs) / 3_000_000 % 2 == 0;
        audioLevel = speaking ? 30 + (int)(_random % 10) : 127;
        return RtpTimestampAt(packetUs);
    }

    /// <summary>The RTP timestamp (48 kHz) of a media clock time.</summary>
    public uint RtpTimestampAt(long nowUs) => _timestampBase + (uint)((nowUs - _startUs) * 48 / 1000);
}
