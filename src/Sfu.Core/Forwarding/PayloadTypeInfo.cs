namespace Sfu.Core.Forwarding;

/// <summary>What a publisher's payload type is: unknown, a media codec (with its family and clock), or RTX.</summary>
internal readonly struct PayloadTypeInfo
{
    public PayloadTypeInfo(bool isRtx, CodecFamily family, int clockRate)
    {
        IsKnown = true;
        IsRtx = isRtx;
        Family = family;
        ClockRate = clockRate;
    }

    public bool IsKnown { get; }

    public bool IsRtx { get; }

    public CodecFamily Family { get; }

    public int ClockRate { get; }
}
