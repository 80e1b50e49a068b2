using System.Globalization;

namespace Sfu.Core.Sdp;

/// <summary>a=rtpmap (RFC 8866 6.6): <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>.</summary>
public sealed class RtpMap
{
    public RtpMap()
    {
    }

    public RtpMap(int payloadType, string encodingName, int clockRate, int? channels = null)
    {
        PayloadType = payloadType;
        EncodingName = encodingName;
        ClockRate = clockRate;
        Channels = channels;
    }

    public int PayloadType { get; set; }

    /// <summary>Encoding name as written, e.g. "VP8", "opus", "rtx" (compare ignoring case).</summary>
    public string EncodingName { get; set; } = "";

    public int ClockRate { get; set; }

    /// <summary>Audio channel count when written; absent means 1 for audio.</summary>
    public int? Channels { get; set; }

    public override string ToString() =>
        Channels is int channels
            ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{channels}")
            : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");
}
