using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Sfu.Core.Ice;

/// <summary>Attribute accessors of <see cref="StunMessage"/>.</summary>
public readonly ref partial struct StunMessage
{
    /// <summary>
    /// Finds the first attribute of <paramref name="type"/> and returns its value (without padding).
    /// Attributes after MESSAGE-INTEGRITY are ignored except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT.
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case StunAttributeType.MessageIntegrity:
                return TryGetAt(_integrityOffset, out value);
            case StunAttributeType.Fingerprint:
                return TryGetAt(_fingerprintOffset, out value);
        }

        int end = type == StunAttributeType.MessageIntegritySha256 || _integrityOffset < 0 ? _buffer.Length : _integrityOffset;
        int position = StunWire.HeaderLength;
        while (position < end)
        {
            // Bounds were validated by TryParse.
            ushort attributeType = BinaryPrimitives.ReadUInt16BigEndian(_buffer[position..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_buffer[(position + 2)..]);
            if (attributeType == (ushort)type)
            {
                value = _buffer.Slice(position + StunWire.AttributeHeaderLength, valueLength);
                return true;
            }

            position += StunWire.AttributeHeaderLength + StunWire.Pad4(valueLength);
        }

        value = default;
        return false;
    }

    /// <summary>USERNAME (raw UTF-8 bytes). For an ICE check we receive it is "ourUfrag:theirUfrag".</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) =>
        TryGetAttribute(StunAttributeType.Username, out username);

    /// <summary>ICE PRIORITY (RFC 8445 section 7.1.1); false when absent or not 4 bytes.</summary>
    public bool TryGetPriority(out uint priority)
    {
        if (TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> value) && value.Length == 4)
        {
            priority = BinaryPrimitives.ReadUInt32BigEndian(value);
            return true;
        }

        priority = 0;
        return false;
    }

    /// <summary>True when USE-CANDIDATE is present (RFC 8445 section 7.1.2).</summary>
    public bool UseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLING tie-breaker; false when absent or not 8 bytes.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) =>
        TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED tie-breaker; false when absent or not 8 bytes.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) =>
        TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>
    /// ERROR-CODE as class * 100 + number (300..699); false when absent, shorter than 4 bytes or out of range.
    /// </summary>
    /// <remarks>
    /// <code>
    ///  0                   1                   2                   3
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |           Reserved, should be 0         |Class|     Number    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |      Reason Phrase (variable)                                ..
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// </remarks>
    public bool TryGetErrorCode(out int code)
    {
        if (TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value) && value.Length >= 4)
        {
            int errorClass = value[2] & 0x07;
            int number = value[3];
            if (errorClass is >= 3 and <= 6 && number < 100)
            {
                code = (errorClass * 100) + number;
                return true;
            }
        }

        code = 0;
        return false;
    }

    /// <summary>The UTF-8 reason phrase of ERROR-CODE.</summary>
    public bool TryGetErrorReason(out ReadOnlySpan<byte> reason)
    {
        if (TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value) && value.Length >= 4)
        {
            reason = value[4..];
            return true;
        }

        reason = default;
        return false;
    }

    /// <summary>
    /// Decodes XOR-MAPPED-ADDRESS (RFC 8489 section 14.2). Allocates the <see cref="IPEndPoint"/>: for clients and
    /// tests, not for the server's packet path.
    /// </summary>
    /// <remarks>
    /// <code>
    ///  0                   1                   2                   3
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                X-Address (Variable)
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// X-Port = port XOR the cookie's top 16 bits; X-Address = address XOR cookie (IPv4)
    /// or XOR (cookie || transaction id) (IPv6).
    /// </code>
    /// </remarks>
    public bool TryGetXorMappedAddress([NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunWire.MagicCookie >> 16);
        Span<byte> address = stackalloc byte[16];
        int addressLength;
        switch (value[1])
        {
            case StunWire.AddressFamilyIPv4 when value.Length == 8:
                addressLength = 4;
                break;
            case StunWire.AddressFamilyIPv6 when value.Length == 20:
                addressLength = 16;
                break;
            default:
                return false;
        }

        // cookie || transaction id are bytes 4..19 of the header.
        ReadOnlySpan<byte> mask = _buffer.Slice(StunWire.MagicCookieOffset, addressLength);
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    private bool TryGetAt(int attributeOffset, out ReadOnlySpan<byte> value)
    {
        if (attributeOffset < 0)
        {
            value = default;
            return false;
        }

        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_buffer[(attributeOffset + 2)..]);
        value = _buffer.Slice(attributeOffset + StunWire.AttributeHeaderLength, valueLength);
        return true;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong result)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> value) && value.Length == 8)
        {
            result = BinaryPrimitives.ReadUInt64BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }
}
