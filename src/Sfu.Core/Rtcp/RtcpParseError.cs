namespace Sfu.Core.Rtcp;

/// <summary>
/// Why an RTCP packet was rejected. <see cref="None"/> means success. Values are stable so callers can count
/// them in a metric keyed by reason.
/// </summary>
public enum RtcpParseError
{
    /// <summary>Parsed successfully.</summary>
    None = 0,

    /// <summary>Shorter than the 4-byte common header, or than the fixed part of this packet type.</summary>
    TooShort,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The length field points past the end of the buffer.</summary>
    LengthOverrun,

    /// <summary>The P bit is set but the padding count is zero or larger than the packet body.</summary>
    BadPadding,

    /// <summary>The packet type is not the one this view parses.</summary>
    WrongPacketType,

    /// <summary>The FMT (feedback message type) or sub-type is not the one this view parses.</summary>
    WrongFormat,

    /// <summary>The count field announces more report blocks, sources, chunks or entries than the packet holds.</summary>
    CountOverrun,

    /// <summary>The body length does not fit this packet type (e.g. not a whole number of FCI entries, or no entries).</summary>
    BadLength,

    /// <summary>An SDES item, BYE reason or XR report block runs past the end of the packet.</summary>
    ItemOverrun,

    /// <summary>An SDES chunk lacks its terminating null item.</summary>
    MissingTerminator,

    /// <summary>An application layer feedback message that is not REMB (no 'REMB' identifier).</summary>
    NotRemb,

    /// <summary>Transport-wide CC: the packet chunks do not cover the packet status count.</summary>
    StatusCountOverrun,

    /// <summary>Transport-wide CC: fewer receive delta bytes than the status symbols require.</summary>
    DeltaOverrun,

    /// <summary>Transport-wide CC: a status symbol uses the reserved value 3.</summary>
    ReservedStatusSymbol,
}
