namespace Sfu.Core.Sctp;

/// <summary>
/// Partial reliability of a message (RFC 3758, the policies WebRTC data channels use): fully reliable, at most
/// <see cref="Value"/> retransmissions, or at most <see cref="Value"/> milliseconds of lifetime. An abandoned message
/// is skipped at the receiver with FORWARD TSN.
/// </summary>
public readonly record struct SctpReliability(SctpReliabilityKind Kind, uint Value)
{
    public static SctpReliability Reliable => default;

    /// <summary>Sent once, never retransmitted ("lossy").</summary>
    public static SctpReliability NoRetransmissions => new(SctpReliabilityKind.MaxRetransmits, 0);

    public static SctpReliability MaxRetransmits(uint count) => new(SctpReliabilityKind.MaxRetransmits, count);

    public static SctpReliability MaxLifetime(uint milliseconds) => new(SctpReliabilityKind.MaxLifetime, milliseconds);
}
