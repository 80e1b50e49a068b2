namespace Sfu.Core.Rtcp;

/// <summary>RTCP packet types (the PT octet). Values outside this list are legal on the wire and passed through raw.</summary>
public enum RtcpPacketType : byte
{
    /// <summary>Sender report, RFC 3550 section 6.4.1.</summary>
    SenderReport = 200,

    /// <summary>Receiver report, RFC 3550 section 6.4.2.</summary>
    ReceiverReport = 201,

    /// <summary>Source description, RFC 3550 section 6.5.</summary>
    SourceDescription = 202,

    /// <summary>Goodbye, RFC 3550 section 6.6.</summary>
    Goodbye = 203,

    /// <summary>Application-defined, RFC 3550 section 6.7.</summary>
    ApplicationDefined = 204,

    /// <summary>Transport layer feedback (RTPFB), RFC 4585 section 6.2.</summary>
    TransportFeedback = 205,

    /// <summary>Payload-specific feedback (PSFB), RFC 4585 section 6.3.</summary>
    PayloadFeedback = 206,

    /// <summary>Extended report, RFC 3611.</summary>
    ExtendedReport = 207,
}
