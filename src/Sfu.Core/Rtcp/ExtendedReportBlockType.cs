namespace Sfu.Core.Rtcp;

/// <summary>XR report block types (RFC 3611 section 4).</summary>
public enum ExtendedReportBlockType : byte
{
    /// <summary>Loss RLE report block.</summary>
    LossRle = 1,

    /// <summary>Duplicate RLE report block.</summary>
    DuplicateRle = 2,

    /// <summary>Packet receipt times report block.</summary>
    PacketReceiptTimes = 3,

    /// <summary>Receiver reference time report block (RRTR).</summary>
    ReceiverReferenceTime = 4,

    /// <summary>DLRR report block (delay since last receiver report).</summary>
    Dlrr = 5,

    /// <summary>Statistics summary report block.</summary>
    StatisticsSummary = 6,

    /// <summary>VoIP metrics report block.</summary>
    VoipMetrics = 7,
}
