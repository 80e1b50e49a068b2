namespace Sfu.Core.Ice;

/// <summary>
/// CRC-32 as used by STUN FINGERPRINT (RFC 8489 section 14.7): the ISO-HDLC / IEEE 802.3 CRC (reflected polynomial
/// 0xEDB88320, initial value and final XOR 0xFFFFFFFF), the same as zlib's crc32. Table-driven, slicing by 4.
/// </summary>
internal static class StunCrc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    // Four 256-entry tables: table k is the CRC of a byte followed by k zero bytes.
    private static readonly uint[] s_table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        uint crc = 0xFFFFFFFF;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            crc ^= (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
            crc = table[768 + (crc & 0xFF)]
                ^ table[512 + ((crc >> 8) & 0xFF)]
                ^ table[256 + ((crc >> 16) & 0xFF)]
                ^ table[crc >> 24];
        }

        for (; i < data.Length; i++)
        {
            crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[4 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        for (int t = 1; t < 4; t++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = table[((t - 1) * 256) + n];
                table[(t * 256) + n] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }

        return table;
    }
}
