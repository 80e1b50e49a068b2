namespace Sfu.Core.Rtp;

/// <summary>
/// Pure helpers for serial-number arithmetic on 16-bit RTP sequence numbers and 32-bit RTP timestamps
/// (RFC 1982 style), and for extending them to 64 bits relative to a known extended value.
/// </summary>
public static class ExtendedSequenceNumber
{
    /// <summary>
    /// Returns the 64-bit value whose low 16 bits are <paramref name="value"/> and which is closest to
    /// <paramref name="reference"/> (at most 32767 ahead or 32768 behind).
    /// </summary>
    public static long Unwrap(ushort value, long reference)
    {
        int forward = (ushort)(value - (ushort)reference);
        return forward < 0x8000 ? reference + forward : reference + forward - 0x10000;
    }

    /// <summary>
    /// Returns the 64-bit value whose low 32 bits are <paramref name="value"/> and which is closest to
    /// <paramref name="reference"/> (at most 2^31 - 1 ahead or 2^31 behind).
    /// </summary>
    public static long Unwrap(uint value, long reference)
    {
        long forward = (uint)(value - (uint)reference);
        return forward < 0x8000_0000L ? reference + forward : reference + forward - 0x1_0000_0000L;
    }

    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> in 16-bit serial arithmetic (-32768..32767).</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> in 32-bit serial arithmetic.</summary>
    public static long Distance(uint from, uint to) => (int)(to - from);

    /// <summary>True when <paramref name="value"/> comes after <paramref name="than"/> (within half the 16-bit space).</summary>
    public static bool IsNewer(ushort value, ushort than) => Distance(than, value) > 0;

    /// <summary>True when <paramref name="value"/> comes after <paramref name="than"/> (within half the 32-bit space).</summary>
    public static bool IsNewer(uint value, uint than) => Distance(than, value) > 0;
}
