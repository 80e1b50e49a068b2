namespace Sfu.Core.Sctp;

/// <summary>Why an SCTP packet, chunk or parameter was rejected by a parser.</summary>
public enum SctpParseError
{
    None,

    /// <summary>Shorter than the 12-byte common header, or than a chunk's fixed fields.</summary>
    TooShort,

    /// <summary>The CRC32c does not match.</summary>
    BadChecksum,

    /// <summary>A chunk or parameter length below its header size, or past the end of its container.</summary>
    BadLength,

    /// <summary>A field holds a value the RFC forbids (zero initiate tag, zero streams, DATA without user data...).</summary>
    InvalidValue,

    /// <summary>A packet with no chunk.</summary>
    NoChunks,
}
