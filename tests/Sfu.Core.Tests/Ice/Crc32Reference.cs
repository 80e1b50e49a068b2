namespace Sfu.Core.Tests.Ice;

/// <summary>Bit-at-a-time CRC-32 (reflected 0xEDB88320), the textbook definition, to check the table-driven one.</summary>
internal static class Crc32Reference
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
