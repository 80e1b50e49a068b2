namespace Sfu.Core.Tests.Rtp;

/// <summary>Hex buffers for protocol tests: whitespace is ignored so layouts can follow the RFC diagrams.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex)
    {
        var compact = new System.Text.StringBuilder(hex.Length);
        foreach (char c in hex)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        return Convert.FromHexString(compact.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
