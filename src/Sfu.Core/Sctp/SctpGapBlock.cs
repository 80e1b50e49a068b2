namespace Sfu.Core.Sctp;

/// <summary>A gap ack block of a SACK: TSN offsets (inclusive) from the cumulative TSN ack.</summary>
public readonly record struct SctpGapBlock(ushort Start, ushort End);
