namespace Sfu.Core.Sdp;

/// <summary>
/// a=msid-semantic (draft-ietf-mmusic-msid, still written by Chromium and Firefox):
/// <c>a=msid-semantic: WMS [stream ids | *]</c>.
/// </summary>
public sealed class MsidSemantic
{
    public MsidSemantic()
    {
    }

    public MsidSemantic(string semantic, IEnumerable<string> identifiers)
    {
        Semantic = semantic;
        Identifiers.AddRange(identifiers);
    }

    /// <summary>"WMS" in practice.</summary>
    public string Semantic { get; set; } = "WMS";

    /// <summary>Stream ids, or a single "*"; may be empty.</summary>
    public List<string> Identifiers { get; } = [];
}
