namespace Sfu.Core.Sctp;

/// <summary>A stream and a stream sequence number, as listed in FORWARD TSN.</summary>
public readonly record struct SctpStreamSequence(ushort StreamId, ushort Sequence);
