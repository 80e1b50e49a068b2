using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sfu.Core.Ice;

/// <summary>
/// A validated, read-only view over one STUN message (RFC 8489) held in a caller's buffer. Allocation-free.
/// </summary>
/// <remarks>
/// Obtain one with <see cref="TryParse"/>, which checks the header, the magic cookie, the length, that every
/// attribute lies inside the message, and FINGERPRINT when present. Attribute getters return the first occurrence
/// of a type and, as RFC 8489 section 14.5 requires, ignore attributes that follow MESSAGE-INTEGRITY (except
/// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT). See <see cref="StunWire"/> for the header and attribute layouts.
/// The view is only valid while the underlying buffer is unchanged.
/// </remarks>
public readonly ref partial struct StunMessage
{
    // Stack copy limit for MESSAGE-INTEGRITY verification; larger messages use a pooled array.
    private const int MaxStackCopyLength = 2048;

    private readonly ReadOnlySpan<byte> _buffer;

    // Offset of the MESSAGE-INTEGRITY / FINGERPRINT attribute header, or -1 when absent.
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> buffer, int integrityOffset, int fingerprintOffset)
    {
        _buffer = buffer;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Total length in bytes (header included).</summary>
    public int Length => _buffer.Length;

    /// <summary>The 14-bit message type (class and method interleaved).</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_buffer);

    /// <summary>The message class.</summary>
    public StunClass Class => StunWire.DecodeClass(MessageType);

    /// <summary>The method (may be a value not named in <see cref="StunMethod"/>).</summary>
    public StunMethod Method => StunWire.DecodeMethod(MessageType);

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _buffer.Slice(StunWire.TransactionIdOffset, StunWire.TransactionIdLength);

    /// <summary>True when the message carries MESSAGE-INTEGRITY.</summary>
    public bool HasMessageIntegrity => _integrityOffset >= 0;

    /// <summary>True when the message carries a FINGERPRINT (already verified by <see cref="TryParse"/>).</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>
    /// Quick demultiplexing test (RFC 7983): at least a header, the two leading bits zero, the magic cookie, and a
    /// length field that is a multiple of 4 and matches the datagram. Does not walk the attributes.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < StunWire.HeaderLength || (datagram[0] & 0xC0) != 0)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[StunWire.MessageLengthOffset..]);
        return (length & 3) == 0
            && length + StunWire.HeaderLength == datagram.Length
            && BinaryPrimitives.ReadUInt32BigEndian(datagram[StunWire.MagicCookieOffset..]) == StunWire.MagicCookie;
    }

    /// <summary>
    /// Validates <paramref name="datagram"/> as one STUN message. Never throws; on failure
    /// <paramref name="message"/> is default and must not be used.
    /// </summary>
    public static StunParseError TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunWire.HeaderLength)
        {
            return StunParseError.TooShort;
        }

        if ((datagram[0] & 0xC0) != 0
            || BinaryPrimitives.ReadUInt32BigEndian(datagram[StunWire.MagicCookieOffset..]) != StunWire.MagicCookie)
        {
            return StunParseError.NotStun;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[StunWire.MessageLengthOffset..]);
        if ((length & 3) != 0)
        {
            return StunParseError.LengthNotMultipleOfFour;
        }

        if (length + StunWire.HeaderLength != datagram.Length)
        {
            return StunParseError.LengthMismatch;
        }

        int integrityOffset = -1;
        int fingerprintOffset = -1;
        int position = StunWire.HeaderLength;
        while (position < datagram.Length)
        {
            if (fingerprintOffset >= 0)
            {
                return StunParseError.FingerprintNotLast;
            }

            // The length is a multiple of 4 and so is every padded attribute, so at least 4 bytes remain here.
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(datagram[position..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(position + 2)..]);
            if (StunWire.Pad4(valueLength) > datagram.Length - position - StunWire.AttributeHeaderLength)
            {
                return StunParseError.AttributeTruncated;
            }

            if (type == (ushort)StunAttributeType.MessageIntegrity && integrityOffset < 0)
            {
                if (valueLength != StunWire.MessageIntegrityLength)
                {
                    return StunParseError.BadMessageIntegrityLength;
                }

                integrityOffset = position;
            }
            else if (type == (ushort)StunAttributeType.Fingerprint)
            {
                if (valueLength != StunWire.FingerprintLength)
                {
                    return StunParseError.BadFingerprint;
                }

                fingerprintOffset = position;
            }

            position += StunWire.AttributeHeaderLength + StunWire.Pad4(valueLength);
        }

        if (fingerprintOffset >= 0)
        {
            uint expected = StunCrc32.Compute(datagram[..fingerprintOffset]) ^ StunWire.FingerprintXor;
            uint actual = BinaryPrimitives.ReadUInt32BigEndian(datagram[(fingerprintOffset + StunWire.AttributeHeaderLength)..]);
            if (expected != actual)
            {
                return StunParseError.BadFingerprint;
            }
        }

        message = new StunMessage(datagram, integrityOffset, fingerprintOffset);
        return StunParseError.None;
    }

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY (RFC 8489 section 14.5): HMAC-SHA1 keyed with <paramref name="key"/> over the
    /// message up to the attribute, with the header length set as if MESSAGE-INTEGRITY were the last attribute.
    /// For short-term credentials (ICE) the key is the password's UTF-8 bytes; for long-term credentials it is
    /// MD5(username ":" realm ":" password). Constant-time comparison; allocation-free. False when absent.
    /// </summary>
    [SkipLocalsInit]
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int prefixLength = _integrityOffset;
        if (prefixLength < 0)
        {
            return false;
        }

        byte[]? rented = null;
        Span<byte> copy = prefixLength <= MaxStackCopyLength
            ? stackalloc byte[MaxStackCopyLength]
            : (rented = ArrayPool<byte>.Shared.Rent(prefixLength));
        copy = copy[..prefixLength];
        Span<byte> computed = stackalloc byte[StunWire.MessageIntegrityLength];
        try
        {
            _buffer[..prefixLength].CopyTo(copy);
            int adjustedLength = prefixLength - StunWire.HeaderLength + StunWire.MessageIntegrityAttributeLength;
            BinaryPrimitives.WriteUInt16BigEndian(copy[StunWire.MessageLengthOffset..], (ushort)adjustedLength);
            HMACSHA1.HashData(key, copy, computed);
            ReadOnlySpan<byte> received = _buffer.Slice(prefixLength + StunWire.AttributeHeaderLength, StunWire.MessageIntegrityLength);
            return CryptographicOperations.FixedTimeEquals(computed, received);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
