namespace Sfu.Core.Sctp;

/// <summary>The partial reliability policy of <see cref="SctpReliability"/>.</summary>
public enum SctpReliabilityKind
{
    Reliable,
    MaxRetransmits,
    MaxLifetime,
}
