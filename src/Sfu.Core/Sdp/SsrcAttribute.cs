namespace Sfu.Core.Sdp;

/// <summary>a=ssrc (RFC 5576 4.1): <c>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]</c>, e.g. "cname:xyz" or "msid:stream track".</summary>
public sealed class SsrcAttribute
{
    public SsrcAttribute()
    {
    }

    public SsrcAttribute(uint ssrc, string name, string? value)
    {
        Ssrc = ssrc;
        Name = name;
        Value = value;
    }

    public uint Ssrc { get; set; }

    /// <summary>Source attribute name, e.g. "cname", "msid".</summary>
    public string Name { get; set; } = "";

    /// <summary>The value after the ':' (may contain spaces); null when absent.</summary>
    public string? Value { get; set; }

    /// <summary>The value after "a=ssrc:".</summary>
    public override string ToString()
    {
        var text = Ssrc.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Name;
        return Value is null ? text : text + ":" + Value;
    }
}
