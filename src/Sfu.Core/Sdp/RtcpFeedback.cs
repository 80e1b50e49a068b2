namespace Sfu.Core.Sdp;

/// <summary>
/// a=rtcp-fb (RFC 4585 4.2): <c>a=rtcp-fb:&lt;payload type | *&gt; &lt;type&gt; [&lt;subtype and parameters&gt;]</c>,
/// e.g. "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc".
/// </summary>
public sealed class RtcpFeedback
{
    public RtcpFeedback()
    {
    }

    public RtcpFeedback(int? payloadType, string type, string? subtype = null)
    {
        PayloadType = payloadType;
        Type = type;
        Subtype = subtype;
    }

    /// <summary>The payload type, or null for the wildcard '*' (and in codec capabilities, where it has no meaning).</summary>
    public int? PayloadType { get; set; }

    public bool IsWildcard => PayloadType is null;

    /// <summary>Feedback type, e.g. "nack", "ccm", "goog-remb", "transport-cc".</summary>
    public string Type { get; set; } = "";

    /// <summary>Everything after the type, e.g. "pli" or "fir" (may contain further parameters); null when absent.</summary>
    public string? Subtype { get; set; }

    /// <summary>Same type and subtype, ignoring the payload type (ordinal, ignoring case).</summary>
    public bool SameFeedbackAs(RtcpFeedback other) =>
        string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Subtype ?? "", other.Subtype ?? "", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value after "a=rtcp-fb:".</summary>
    public override string ToString()
    {
        var pt = PayloadType is int value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*";
        return Subtype is null ? pt + " " + Type : pt + " " + Type + " " + Subtype;
    }
}
