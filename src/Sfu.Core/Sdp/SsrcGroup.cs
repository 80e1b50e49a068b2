namespace Sfu.Core.Sdp;

/// <summary>a=ssrc-group (RFC 5576 4.2): <c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt; ...</c>, e.g. "FID media rtx" or "SIM l m h".</summary>
public sealed class SsrcGroup
{
    public SsrcGroup()
    {
    }

    public SsrcGroup(string semantics, params uint[] ssrcs)
    {
        Semantics = semantics;
        Ssrcs.AddRange(ssrcs);
    }

    public string Semantics { get; set; } = "FID";

    public List<uint> Ssrcs { get; } = [];

    /// <summary>The value after "a=ssrc-group:".</summary>
    public override string ToString() =>
        Semantics + " " + string.Join(' ', Ssrcs.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
