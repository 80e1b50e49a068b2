namespace Sfu.Core.Echo;

/// <summary>One echoed m-section: what arrives on it is sent back under <see cref="OutgoingSsrc"/>.</summary>
internal sealed class EchoStream
{
    public EchoStream(string mid, string kind, uint outgoingSsrc, byte[] midBytes, int midExtensionId, int[] rtxPayloadTypes)
    {
        Mid = mid;
        Kind = kind;
        OutgoingSsrc = outgoingSsrc;
        MidBytes = midBytes;
        MidExtensionId = midExtensionId;
        RtxPayloadTypes = rtxPayloadTypes;
    }

    public string Mid { get; }

    public string Kind { get; }

    public bool IsVideo => Kind == "video";

    public uint OutgoingSsrc { get; }

    /// <summary>The mid as the RTP <c>sdes:mid</c> header extension carries it.</summary>
    public byte[] MidBytes { get; }

    /// <summary>The negotiated id of the mid header extension, 0 when not negotiated.</summary>
    public int MidExtensionId { get; }

    public int[] RtxPayloadTypes { get; }

    /// <summary>The browser's SSRC for this m-section, once known.</summary>
    public uint? IncomingSsrc { get; set; }

    public long LastKeyframeRequestMs { get; set; } = long.MinValue / 2;

    public long PacketsEchoed { get; set; }
}
