namespace Sfu.Core.Sdp;

/// <summary>The outcome of offer/answer for one m-section.</summary>
public sealed class NegotiatedMedia
{
    /// <summary>The mid, or null when the offer's m-section had none.</summary>
    public string? Mid { get; init; }

    public string Kind { get; init; } = "";

    /// <summary>Position of the m-section in the description.</summary>
    public int Index { get; init; }

    public bool Accepted { get; init; }

    /// <summary>Why the m-section was rejected; null when accepted.</summary>
    public string? RejectReason { get; init; }

    /// <summary>Our direction on this m-section (Inactive when rejected).</summary>
    public MediaDirection Direction { get; init; } = MediaDirection.Inactive;

    /// <summary>The remote side's direction as it wrote it.</summary>
    public MediaDirection RemoteDirection { get; init; } = MediaDirection.Inactive;

    /// <summary>Agreed codecs in preference order (RTX folded into <see cref="NegotiatedCodec.RtxPayloadType"/>).</summary>
    public IReadOnlyList<NegotiatedCodec> Codecs { get; init; } = [];

    /// <summary>Agreed header extensions: URI → id.</summary>
    public IReadOnlyDictionary<string, int> HeaderExtensions { get; init; } = new Dictionary<string, int>();

    /// <summary>The rids the remote sends (simulcast layers), in its a=simulcast order; empty without simulcast.</summary>
    public IReadOnlyList<string> Rids { get; init; } = [];

    /// <summary>Rids the remote declared paused ('~') in its a=simulcast.</summary>
    public IReadOnlyList<string> PausedRids { get; init; } = [];

    /// <summary>SSRCs the remote declared with a=ssrc, in first-seen order (none for Chromium simulcast).</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; init; } = [];

    /// <summary>The remote's a=ssrc-group lines (FID media/RTX pairs, SIM).</summary>
    public IReadOnlyList<SsrcGroup> RemoteSsrcGroups { get; init; } = [];

    /// <summary>The remote's a=ssrc cname, when it declared one.</summary>
    public string? RemoteCname { get; init; }

    public Msid? RemoteMsid { get; init; }

    /// <summary>The remote's a=sctp-port on an accepted data channel m-section (5000 when absent, RFC 8841 5).</summary>
    public int? RemoteSctpPort { get; init; }

    /// <summary>The remote's a=max-message-size (65536 when absent, RFC 8841 6; 0 means no limit).</summary>
    public ulong? RemoteMaxMessageSize { get; init; }

    /// <summary>The id of a header extension, or null when it was not agreed.</summary>
    public int? HeaderExtensionId(string uri) => HeaderExtensions.TryGetValue(uri, out int id) ? id : null;

    /// <summary>The RTX SSRC paired with a media SSRC by an FID group, or null.</summary>
    public uint? RemoteRtxSsrcFor(uint ssrc)
    {
        foreach (var group in RemoteSsrcGroups)
        {
            if (string.Equals(group.Semantics, "FID", StringComparison.Ordinal) && group.Ssrcs.Count == 2 && group.Ssrcs[0] == ssrc)
            {
                return group.Ssrcs[1];
            }
        }

        return null;
    }

    /// <summary>The codec with this payload type (media or RTX), or null.</summary>
    public NegotiatedCodec? FindCodec(int payloadType)
    {
        foreach (var codec in Codecs)
        {
            if (codec.PayloadType == payloadType || codec.RtxPayloadType == payloadType)
            {
                return codec;
            }
        }

        return null;
    }

    public override string ToString() =>
        Accepted
            ? "m-section " + SdpSyntax.Invariant(Index) + " mid " + Mid + " " + Kind + " " + Direction.ToSdpString()
            : "m-section " + SdpSyntax.Invariant(Index) + " mid " + Mid + " rejected: " + RejectReason;
}
