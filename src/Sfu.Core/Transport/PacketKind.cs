namespace Sfu.Core.Transport;

/// <summary>What a datagram on a media port is, by its first byte (RFC 7983).</summary>
public enum PacketKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}
