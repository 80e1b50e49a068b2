namespace Sfu.Core.Sdp;

/// <summary>
/// A description line that WebRTC does not use (i=, u=, e=, p=, r=, z=, k=), kept verbatim so that a parsed
/// description can be written back.
/// </summary>
public sealed class SdpLine
{
    public SdpLine()
    {
    }

    public SdpLine(char type, string value)
    {
        Type = type;
        Value = value;
    }

    public char Type { get; set; }

    public string Value { get; set; } = "";

    public override string ToString() => Type + "=" + Value;
}
