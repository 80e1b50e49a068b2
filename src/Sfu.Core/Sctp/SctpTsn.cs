namespace Sfu.Core.Sctp;

/// <summary>Serial number arithmetic (RFC 1982) for 32-bit TSNs and 16-bit stream sequence numbers.</summary>
public static class SctpTsn
{
    /// <summary>True when <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    public static bool Less(uint a, uint b) => (int)(a - b) < 0;

    /// <summary>True when <paramref name="a"/> comes before or is <paramref name="b"/>.</summary>
    public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/>.</summary>
    public static bool Greater(uint a, uint b) => (int)(a - b) > 0;

    /// <summary>True when stream sequence number <paramref name="a"/> comes after <paramref name="b"/>.</summary>
    public static bool SsnGreater(ushort a, ushort b) => (short)(a - b) > 0;

    /// <summary>True when <paramref name="tsn"/> is <paramref name="next"/> or later: a TSN not assigned yet.</summary>
    public static bool GreaterOrEqualNext(uint tsn, uint next) => (int)(tsn - next) >= 0;
}
