namespace Sfu.Core.Forwarding;

/// <summary>What a publisher's payload type is: unknown, a media codec (with its family and clock), or RTX.</summary>
internal readonly struct PayloadTypeInfo
{
    public PayloadTypeInfo(bool isRtx, CodecFamily family, int clockRate, byte associatedPayloadType = 0)
    {
        IsKnown = true;
        IsRtx = isRtx;
        Family = family;
        ClockRate = clockRate;
        AssociatedPayloadType = associatedPayloadType;
    }

    public bool IsKnown { get; }

    public bool IsRtx { get; }

    public CodecFamily Family { get; }

    public int ClockRate { get; }

    /// <summary>For RTX: the payload type of the media it repairs (apt).</summary>
    public byte AssociatedPayloadType { get; }
}
