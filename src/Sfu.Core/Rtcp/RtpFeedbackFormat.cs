namespace Sfu.Core.Rtcp;

/// <summary>FMT values of transport layer feedback (RTPFB, PT 205).</summary>
public enum RtpFeedbackFormat : byte
{
    /// <summary>Generic NACK, RFC 4585 section 6.2.1.</summary>
    GenericNack = 1,

    /// <summary>Temporary maximum media stream bit rate request, RFC 5104.</summary>
    Tmmbr = 3,

    /// <summary>Temporary maximum media stream bit rate notification, RFC 5104.</summary>
    Tmmbn = 4,

    /// <summary>Transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01.</summary>
    TransportWideCc = 15,
}
