using System.Globalization;

namespace Sfu.Core.Sdp;

/// <summary>
/// a=extmap (RFC 8285 7): <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;extension attributes&gt;]</c>;
/// id 1-14 fits the one-byte header form, 1-255 the two-byte form.
/// </summary>
public sealed class Extmap
{
    public Extmap()
    {
    }

    public Extmap(int id, string uri, MediaDirection? direction = null, string? attributes = null)
    {
        Id = id;
        Uri = uri;
        Direction = direction;
        Attributes = attributes;
    }

    public int Id { get; set; }

    /// <summary>Optional direction; absent means sendrecv.</summary>
    public MediaDirection? Direction { get; set; }

    public string Uri { get; set; } = "";

    /// <summary>Extension attributes after the URI, kept as text; null when absent.</summary>
    public string? Attributes { get; set; }

    /// <summary>The value after "a=extmap:".</summary>
    public override string ToString()
    {
        var text = Id.ToString(CultureInfo.InvariantCulture);
        if (Direction is MediaDirection direction)
        {
            text += "/" + direction.ToSdpString();
        }

        text += " " + Uri;
        return Attributes is null ? text : text + " " + Attributes;
    }
}
