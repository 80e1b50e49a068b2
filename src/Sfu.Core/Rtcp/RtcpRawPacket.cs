namespace Sfu.Core.Rtcp;

/// <summary>
/// Any RTCP packet as raw bytes: its header, the whole packet and its body. Used for types this library does not
/// model (APP, other feedback formats, unknown packet types) so the caller can forward or ignore them.
/// </summary>
public readonly ref struct RtcpRawPacket
{
    private RtcpRawPacket(RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        Header = header;
        Packet = packet;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The whole packet: header, body and padding.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>The body: after the 4-byte header, before the padding.</summary>
    public ReadOnlySpan<byte> Body => Packet.Slice(RtcpHeader.Length, Header.BodyLength);

    /// <summary>Parses the header of the packet at the start of <paramref name="packet"/> (any type). Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out RtcpRawPacket raw)
    {
        raw = default;
        RtcpParseError error = RtcpHeader.TryParse(packet, out RtcpHeader header);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        raw = new RtcpRawPacket(header, packet.Slice(0, header.PacketLength));
        return RtcpParseError.None;
    }
}
