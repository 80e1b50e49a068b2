namespace Sfu.Core.Sdp;

/// <summary>
/// a=fingerprint (RFC 8122 5): a hash function name such as "sha-256" and the certificate hash as
/// upper-case hex bytes separated by colons.
/// </summary>
public sealed class SdpFingerprint
{
    public SdpFingerprint()
    {
    }

    public SdpFingerprint(string algorithm, string value)
    {
        Algorithm = algorithm;
        Value = value;
    }

    /// <summary>Hash function textual name, e.g. "sha-256" (compare ignoring case).</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>Hex bytes separated by ':', e.g. "13:04:18:AA:...".</summary>
    public string Value { get; set; } = "";

    public override string ToString() => Algorithm + " " + Value;
}
