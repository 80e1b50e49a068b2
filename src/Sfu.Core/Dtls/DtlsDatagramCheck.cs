namespace Sfu.Core.Dtls;

/// <summary>
/// Result of <see cref="DtlsDatagramValidator.Check"/>: <see cref="Valid"/>, or why a received datagram is
/// discarded before OpenSSL sees it (one value per reason, for metrics).
/// </summary>
public enum DtlsDatagramCheck
{
    /// <summary>Whole, well-formed DTLS 1.x records: handed to OpenSSL.</summary>
    Valid,

    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>Fewer than 13 bytes where a record header should start.</summary>
    TruncatedRecordHeader,

    /// <summary>Content type other than change_cipher_spec(20), alert(21), handshake(22), application_data(23).</summary>
    UnknownContentType,

    /// <summary>Record version is neither DTLS 1.0 (0xFEFF) nor DTLS 1.2 (0xFEFD).</summary>
    UnknownVersion,

    /// <summary>The record length runs past the end of the datagram.</summary>
    TruncatedRecord,

    /// <summary>The record is longer than 2^14 + 2048 bytes (RFC 6347 section 4.1, TLSCiphertext limit).</summary>
    RecordTooLong,

    /// <summary>Application data in epoch 0 (unencrypted), which no peer sends.</summary>
    PlaintextApplicationData,

    /// <summary>An epoch-0 change_cipher_spec that is not the single byte 1.</summary>
    MalformedChangeCipherSpec,

    /// <summary>An epoch-0 alert that is not two bytes with level warning(1) or fatal(2).</summary>
    MalformedAlert,

    /// <summary>An epoch-0 handshake record whose fragment headers do not add up, or with an unknown message type.</summary>
    MalformedHandshake,

    /// <summary>An encrypted record (epoch 1 or later) shorter than the cipher's minimum expansion.</summary>
    CiphertextTooShort,
}
