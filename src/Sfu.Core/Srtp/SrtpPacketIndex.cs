namespace Sfu.Core.Srtp;

/// <summary>
/// The 48-bit SRTP packet index i = 2^16 * ROC + SEQ, and its estimation from a 16-bit sequence number
/// (RFC 3711 section 3.3.1 and Appendix A): pick the ROC among ROC-1, ROC, ROC+1 that puts the index closest to the
/// highest index seen so far.
/// </summary>
internal static class SrtpPacketIndex
{
    /// <summary>One past the largest SRTP index (2^48).</summary>
    internal const ulong Limit = 1UL << 48;

    /// <summary>
    /// Estimates the index of <paramref name="sequenceNumber"/> relative to <paramref name="highest"/>. False when the
    /// closest index would be negative (a sequence number from "before" a stream that started with ROC 0).
    /// </summary>
    internal static bool TryEstimate(ulong highest, ushort sequenceNumber, out ulong index)
    {
        ulong roc = highest >> 16;
        int highestSequence = (int)(highest & 0xFFFF);
        int delta = sequenceNumber - highestSequence;
        if (delta > 0x8000)
        {
            // Far ahead numerically means behind across a wrap: the previous ROC.
            if (roc == 0)
            {
                index = 0;
                return false;
            }

            roc--;
        }
        else if (delta < -0x8000)
        {
            // Far behind numerically means ahead across a wrap: the next ROC.
            roc++;
        }

        index = (roc << 16) | sequenceNumber;
        return true;
    }
}
