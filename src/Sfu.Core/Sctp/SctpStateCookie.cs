using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Core.Sctp;

/// <summary>
/// The state cookie of our INIT ACK (RFC 9260 5.1.3): what we need to establish the association when the COOKIE ECHO
/// comes back, authenticated with HMAC-SHA256 (truncated to 16 bytes) under a per-association random key, and stamped
/// with its creation time so that a stale one is refused.
/// </summary>
internal readonly record struct SctpStateCookie(
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiverWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    bool PeerForwardTsn,
    bool PeerReconfig,
    long CreatedMs)
{
    private const int BodyLength = 36;
    private const int MacLength = 16;
    public const int Length = BodyLength + MacLength;

    public void Write(Span<byte> destination, ReadOnlySpan<byte> key)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], PeerReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[20..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[22..], PeerInboundStreams);
        destination[24] = (byte)((PeerForwardTsn ? 1 : 0) | (PeerReconfig ? 2 : 0));
        destination[25] = 0;
        destination[26] = 0;
        destination[27] = 0;
        BinaryPrimitives.WriteInt64BigEndian(destination[28..], CreatedMs);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, destination[..BodyLength], mac);
        mac[..MacLength].CopyTo(destination[BodyLength..]);
    }

    /// <summary>Checks length and MAC (in constant time) and reads the cookie.</summary>
    public static bool TryRead(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> key, out SctpStateCookie state)
    {
        state = default;
        if (cookie.Length != Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, cookie[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], cookie.Slice(BodyLength, MacLength)))
        {
            return false;
        }

        state = new SctpStateCookie(
            BinaryPrimitives.ReadUInt32BigEndian(cookie),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[20..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[22..]),
            (cookie[24] & 1) != 0,
            (cookie[24] & 2) != 0,
            BinaryPrimitives.ReadInt64BigEndian(cookie[28..]));
        return true;
    }
}
