namespace Sfu.Core.Sctp;

/// <summary>The action encoded in the highest two bits of an unrecognized chunk type (RFC 9260 3.2).</summary>
public enum SctpUnknownChunkAction
{
    /// <summary>00: stop processing the packet and discard it.</summary>
    StopAndDiscard = 0,

    /// <summary>01: stop, discard, and report it in an ERROR chunk.</summary>
    StopDiscardAndReport = 1,

    /// <summary>10: skip the chunk and go on.</summary>
    Skip = 2,

    /// <summary>11: skip it, go on, and report it in an ERROR chunk.</summary>
    SkipAndReport = 3,
}
