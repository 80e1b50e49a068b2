namespace Sfu.Core.Sdp;

/// <summary>The b= line (RFC 8866 5.8): <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, e.g. AS (kbit/s) or TIAS (bit/s).</summary>
public sealed class SdpBandwidth
{
    public SdpBandwidth()
    {
    }

    public SdpBandwidth(string type, ulong value)
    {
        Type = type;
        Value = value;
    }

    public string Type { get; set; } = "AS";

    public ulong Value { get; set; }
}
