using System.Buffers.Binary;

namespace Sfu.Core.Dtls;

/// <summary>
/// Structural check of a received datagram before it reaches OpenSSL. OpenSSL's DTLS aborts the handshake on
/// an unauthenticated (epoch 0) record it cannot make sense of, so one spoofed datagram could kill a
/// handshake; RFC 6347 section 4.1.2.7 says invalid records should be silently discarded instead. Epoch 0
/// records are therefore checked for well-formedness here; encrypted records (epoch 1 and later) are left to
/// OpenSSL, which authenticates them and drops forgeries silently, except that OpenSSL 3.0 raises an internal
/// error for an encrypted record shorter than the cipher's fixed overhead (explicit nonce + tag): those are
/// dropped here by length.
/// </summary>
/// <remarks>
/// Record (RFC 6347 section 4.1): type(1) version(2) epoch(2) sequence_number(6) length(2) fragment(length).
/// Handshake fragment (RFC 6347 section 4.2.2), repeated within an epoch-0 handshake record:
/// <code>
/// +----------+------------+---------------+-------------------+-------------------+----------------+
/// | msg_type |   length   |  message_seq  |  fragment_offset  |  fragment_length  |      body      |
/// |    1     |     3      |       2       |         3         |         3         | fragment_length|
/// +----------+------------+---------------+-------------------+-------------------+----------------+
/// </code>
/// </remarks>
public static class DtlsDatagramValidator
{
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;
    private const int MaxRecordLength = 16384 + 2048;

    private const byte ChangeCipherSpec = 20;
    private const byte Alert = 21;
    private const byte Handshake = 22;
    private const byte ApplicationData = 23;

    /// <summary>
    /// Smallest encrypted record before the cipher suite is known: an encrypted Finished (12-byte handshake header
    /// + 12-byte verify_data) under the lightest suite, ChaCha20-Poly1305 (16-byte tag).
    /// </summary>
    public const int MinimumCiphertextBeforeHandshake = 40;

    /// <summary>
    /// Checks that <paramref name="datagram"/> is a sequence of whole, plausible DTLS 1.0/1.2 records.
    /// Encrypted records (epoch ≥ 1) shorter than <paramref name="minimumCiphertextLength"/> are rejected.
    /// </summary>
    public static DtlsDatagramCheck Check(ReadOnlySpan<byte> datagram, int minimumCiphertextLength = 1)
    {
        if (datagram.IsEmpty)
        {
            return DtlsDatagramCheck.Empty;
        }

        while (!datagram.IsEmpty)
        {
            if (datagram.Length < RecordHeaderLength)
            {
                return DtlsDatagramCheck.TruncatedRecordHeader;
            }

            byte contentType = datagram[0];
            if (contentType is < ChangeCipherSpec or > ApplicationData)
            {
                return DtlsDatagramCheck.UnknownContentType;
            }

            ushort version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
            if (version is not 0xFEFF and not 0xFEFD)
            {
                return DtlsDatagramCheck.UnknownVersion;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (length > MaxRecordLength)
            {
                return DtlsDatagramCheck.RecordTooLong;
            }

            if (length > datagram.Length - RecordHeaderLength)
            {
                return DtlsDatagramCheck.TruncatedRecord;
            }

            ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
            if (epoch == 0)
            {
                DtlsDatagramCheck plaintext = CheckPlaintextRecord(contentType, datagram.Slice(RecordHeaderLength, length));
                if (plaintext != DtlsDatagramCheck.Valid)
                {
                    return plaintext;
                }
            }
            else if (length < minimumCiphertextLength || length == 0)
            {
                return DtlsDatagramCheck.CiphertextTooShort;
            }

            datagram = datagram[(RecordHeaderLength + length)..];
        }

        return DtlsDatagramCheck.Valid;
    }

    private static DtlsDatagramCheck CheckPlaintextRecord(byte contentType, ReadOnlySpan<byte> fragment) => contentType switch
    {
        ChangeCipherSpec => fragment.Length == 1 && fragment[0] == 1
            ? DtlsDatagramCheck.Valid
            : DtlsDatagramCheck.MalformedChangeCipherSpec,
        Alert => fragment.Length == 2 && fragment[0] is 1 or 2
            ? DtlsDatagramCheck.Valid
            : DtlsDatagramCheck.MalformedAlert,
        Handshake => CheckHandshakeFragments(fragment),
        _ => DtlsDatagramCheck.PlaintextApplicationData,
    };

    private static DtlsDatagramCheck CheckHandshakeFragments(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            return DtlsDatagramCheck.MalformedHandshake;
        }

        while (!record.IsEmpty)
        {
            if (record.Length < HandshakeHeaderLength || !IsKnownHandshakeType(record[0]))
            {
                return DtlsDatagramCheck.MalformedHandshake;
            }

            int messageLength = ReadUInt24(record[1..]);
            int fragmentOffset = ReadUInt24(record[6..]);
            int fragmentLength = ReadUInt24(record[9..]);
            if (fragmentLength > record.Length - HandshakeHeaderLength || fragmentOffset + fragmentLength > messageLength)
            {
                return DtlsDatagramCheck.MalformedHandshake;
            }

            record = record[(HandshakeHeaderLength + fragmentLength)..];
        }

        return DtlsDatagramCheck.Valid;
    }

    // hello_request(0), client_hello(1), server_hello(2), hello_verify_request(3), new_session_ticket(4),
    // certificate(11), server_key_exchange(12), certificate_request(13), server_hello_done(14),
    // certificate_verify(15), client_key_exchange(16), finished(20), certificate_status(22).
    private static bool IsKnownHandshakeType(byte type) => type is <= 4 or (>= 11 and <= 16) or 20 or 22;

    /// <summary>
    /// Smallest possible encrypted record of a negotiated suite (empty plaintext): AES-GCM 8-byte explicit nonce
    /// + 16-byte tag; ChaCha20-Poly1305 16-byte tag; AES-CBC with HMAC-SHA1 16-byte IV + 20-byte MAC padded to
    /// two blocks.
    /// </summary>
    internal static int MinimumCiphertextLength(string? cipherSuite)
    {
        if (cipherSuite is null)
        {
            return MinimumCiphertextBeforeHandshake;
        }

        if (cipherSuite.Contains("GCM", StringComparison.Ordinal))
        {
            return 24;
        }

        if (cipherSuite.Contains("CHACHA20", StringComparison.Ordinal))
        {
            return 16;
        }

        return cipherSuite.EndsWith("-SHA", StringComparison.Ordinal) ? 48 : 16;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
}
