namespace Sfu.Core.Sdp;

/// <summary>a=group (RFC 5888): a semantics token such as "BUNDLE" (RFC 8843) and the identification tags (mids).</summary>
public sealed class SdpGroup
{
    public SdpGroup()
    {
    }

    public SdpGroup(string semantics, IEnumerable<string> mids)
    {
        Semantics = semantics;
        Mids.AddRange(mids);
    }

    public string Semantics { get; set; } = "BUNDLE";

    public List<string> Mids { get; } = [];
}
