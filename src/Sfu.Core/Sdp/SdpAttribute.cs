namespace Sfu.Core.Sdp;

/// <summary>An a= line kept verbatim: <c>a=&lt;name&gt;</c> (property attribute, <see cref="Value"/> null) or <c>a=&lt;name&gt;:&lt;value&gt;</c>.</summary>
public sealed class SdpAttribute
{
    public SdpAttribute()
    {
    }

    public SdpAttribute(string name, string? value = null)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; set; } = "";

    public string? Value { get; set; }

    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
