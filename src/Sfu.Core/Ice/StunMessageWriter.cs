using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sfu.Core.Net;

namespace Sfu.Core.Ice;

/// <summary>
/// Writes one STUN message (RFC 8489) into a caller's buffer: the header first (constructor), then attributes in
/// call order, each padded with zero bytes to a multiple of 4; the header length is kept current after every call.
/// Add MESSAGE-INTEGRITY after the attributes it protects and FINGERPRINT last. Allocation-free.
/// </summary>
/// <remarks>
/// Throws only on programming errors: a buffer too small for what is added, a transaction id that is not 12 bytes,
/// out-of-range values, or adding after FINGERPRINT. A buffer of <see cref="IceLiteAgent.MaxResponseLength"/> bytes
/// always holds the responses an ICE-lite agent writes.
/// </remarks>
public ref struct StunMessageWriter
{
    /// <summary>Longest SOFTWARE value and ERROR-CODE reason phrase in bytes (128 characters, RFC 8489 sections 14.8 and 14.14).</summary>
    public const int MaxTextLength = 763;

    private readonly Span<byte> _buffer;
    private int _length;
    private bool _hasFingerprint;

    /// <summary>Writes the 20-byte header (message length 0 until attributes are added).</summary>
    public StunMessageWriter(Span<byte> buffer, StunClass messageClass, StunMethod method, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunWire.TransactionIdLength)
        {
            throw new ArgumentException($"A STUN transaction id is {StunWire.TransactionIdLength} bytes, not {transactionId.Length}.", nameof(transactionId));
        }

        if ((uint)method > StunWire.MaxMethod)
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "A STUN method has 12 bits.");
        }

        if ((uint)messageClass > (uint)StunClass.ErrorResponse)
        {
            throw new ArgumentOutOfRangeException(nameof(messageClass), messageClass, "Unknown STUN class.");
        }

        if (buffer.Length < StunWire.HeaderLength)
        {
            ThrowBufferTooSmall(StunWire.HeaderLength, buffer.Length);
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunWire.EncodeMessageType(messageClass, method));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[StunWire.MessageLengthOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[StunWire.MagicCookieOffset..], StunWire.MagicCookie);
        transactionId.CopyTo(buffer[StunWire.TransactionIdOffset..]);
        _length = StunWire.HeaderLength;
        _hasFingerprint = false;
    }

    /// <summary>Bytes written so far (header included).</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._length];

    /// <summary>Adds an attribute with a raw value.</summary>
    public void AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value) => value.CopyTo(Reserve(type, value.Length));

    /// <summary>XOR-MAPPED-ADDRESS of a socket address (an IPv4-mapped IPv6 address is written as IPv4).</summary>
    public void AddXorMappedAddress(SocketAddress address)
    {
        Span<byte> addressBytes = stackalloc byte[SocketAddressExtensions.MaxAddressBytes];
        int addressLength = address.WriteAddressBytes(addressBytes);
        WriteXorMappedAddress(address.GetPort(), addressBytes[..addressLength]);
    }

    /// <summary>XOR-MAPPED-ADDRESS of an end point (an IPv4-mapped IPv6 address is written as IPv4).</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        IPAddress ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("Only IPv4 and IPv6 end points are supported.", nameof(endPoint));
        }

        Span<byte> addressBytes = stackalloc byte[16];
        ip.TryWriteBytes(addressBytes, out int addressLength);
        WriteXorMappedAddress(endPoint.Port, addressBytes[..addressLength]);
    }

    /// <summary>USERNAME (UTF-8). For an ICE check we send: "theirUfrag:ourUfrag".</summary>
    public void AddUsername(scoped ReadOnlySpan<byte> username) => AddAttribute(StunAttributeType.Username, username);

    /// <summary>ICE PRIORITY.</summary>
    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    /// <summary>ICE USE-CANDIDATE (empty value).</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    /// <summary>ICE-CONTROLLING with its tie-breaker.</summary>
    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>ICE-CONTROLLED with its tie-breaker.</summary>
    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>ERROR-CODE (300..699) with a UTF-8 reason phrase; allocation-free.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<byte> reasonUtf8)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "A STUN error code is 300..699.");
        }

        if (reasonUtf8.Length > MaxTextLength)
        {
            throw new ArgumentException($"The reason phrase is limited to {MaxTextLength} bytes.", nameof(reasonUtf8));
        }

        Span<byte> value = Reserve(StunAttributeType.ErrorCode, 4 + reasonUtf8.Length);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reasonUtf8.CopyTo(value[4..]);
    }

    /// <summary>ERROR-CODE (300..699) with a reason phrase, encoded as UTF-8 without allocating.</summary>
    public void AddErrorCode(int code, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Span<byte> utf8 = stackalloc byte[MaxTextLength];
        AddErrorCode(code, utf8[..EncodeText(reason, utf8, nameof(reason))]);
    }

    /// <summary>SOFTWARE (UTF-8, at most <see cref="MaxTextLength"/> bytes).</summary>
    public void AddSoftware(scoped ReadOnlySpan<byte> softwareUtf8)
    {
        if (softwareUtf8.Length > MaxTextLength)
        {
            throw new ArgumentException($"SOFTWARE is limited to {MaxTextLength} bytes.", nameof(softwareUtf8));
        }

        AddAttribute(StunAttributeType.Software, softwareUtf8);
    }

    /// <summary>SOFTWARE, encoded as UTF-8 without allocating.</summary>
    public void AddSoftware(string software)
    {
        ArgumentNullException.ThrowIfNull(software);
        Span<byte> utf8 = stackalloc byte[MaxTextLength];
        AddSoftware(utf8[..EncodeText(software, utf8, nameof(software))]);
    }

    /// <summary>
    /// MESSAGE-INTEGRITY: HMAC-SHA1 keyed with <paramref name="key"/> over everything written so far, the header
    /// length already counting this attribute (RFC 8489 section 14.5). Short-term credentials: key = password bytes.
    /// </summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        Span<byte> value = Reserve(StunAttributeType.MessageIntegrity, StunWire.MessageIntegrityLength);
        int protectedLength = _length - StunWire.MessageIntegrityAttributeLength;
        HMACSHA1.HashData(key, _buffer[..protectedLength], value);
    }

    /// <summary>FINGERPRINT: CRC-32 of everything written so far XOR 0x5354554E (RFC 8489 section 14.7). Must be last.</summary>
    public void AddFingerprint()
    {
        Span<byte> value = Reserve(StunAttributeType.Fingerprint, StunWire.FingerprintLength);
        int protectedLength = _length - StunWire.FingerprintAttributeLength;
        BinaryPrimitives.WriteUInt32BigEndian(value, StunCrc32.Compute(_buffer[..protectedLength]) ^ StunWire.FingerprintXor);
        _hasFingerprint = true;
    }

    private void WriteXorMappedAddress(int port, scoped ReadOnlySpan<byte> address)
    {
        Span<byte> value = Reserve(StunAttributeType.XorMappedAddress, 4 + address.Length);
        value[0] = 0;
        value[1] = address.Length == 4 ? StunWire.AddressFamilyIPv4 : StunWire.AddressFamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (int)(StunWire.MagicCookie >> 16)));

        // The mask is magic cookie || transaction id, i.e. header bytes 4..19.
        ReadOnlySpan<byte> mask = _buffer.Slice(StunWire.MagicCookieOffset, address.Length);
        for (int i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }
    }

    // Writes the attribute header and zero padding, advances, updates the header length; returns the value span.
    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        if (_hasFingerprint)
        {
            ThrowAfterFingerprint();
        }

        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(valueLength), valueLength, "A STUN attribute value is at most 65535 bytes.");
        }

        int total = StunWire.AttributeHeaderLength + StunWire.Pad4(valueLength);
        if (total > _buffer.Length - _length)
        {
            ThrowBufferTooSmall(_length + total, _buffer.Length);
        }

        int newLength = _length + total;
        if (newLength - StunWire.HeaderLength > ushort.MaxValue)
        {
            throw new InvalidOperationException("A STUN message body is at most 65535 bytes.");
        }

        Span<byte> attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(StunWire.AttributeHeaderLength + valueLength)..].Clear();
        _length = newLength;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[StunWire.MessageLengthOffset..], (ushort)(newLength - StunWire.HeaderLength));
        return attribute.Slice(StunWire.AttributeHeaderLength, valueLength);
    }

    private static int EncodeText(string text, Span<byte> destination, string parameterName)
    {
        if (!Encoding.UTF8.TryGetBytes(text, destination, out int written))
        {
            throw new ArgumentException($"The text is limited to {MaxTextLength} UTF-8 bytes.", parameterName);
        }

        return written;
    }

    [DoesNotReturn]
    private static void ThrowBufferTooSmall(int needed, int actual) =>
        throw new ArgumentException($"The STUN buffer holds {actual} bytes; the message needs {needed}.", "buffer");

    [DoesNotReturn]
    private static void ThrowAfterFingerprint() =>
        throw new InvalidOperationException("FINGERPRINT must be the last STUN attribute.");
}
