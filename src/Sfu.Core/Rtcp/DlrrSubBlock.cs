namespace Sfu.Core.Rtcp;

/// <summary>
/// One sub-block of an XR DLRR report block (RFC 3611 section 4.5): the receiver it answers, the middle 32 bits
/// of the NTP timestamp of that receiver's last RRTR (LRR), and the delay since it was received (1/65536 s).
/// </summary>
public readonly record struct DlrrSubBlock(uint Ssrc, uint LastReceiverReport, uint DelaySinceLastReceiverReport);
