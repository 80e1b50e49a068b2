namespace Sfu.Core.Forwarding;

/// <summary>What an SSRC arriving on a publisher transport is: a layer of a track, that layer's RTX, or not yet known.</summary>
internal sealed class SsrcBinding
{
    public SsrcBinding(PublishedTrack track, RtpStreamReceiver? receiver, bool isRtx, bool learned = false)
    {
        Track = track;
        Receiver = receiver;
        IsRtx = isRtx;
        IsLearned = learned;
    }

    public PublishedTrack Track { get; }

    /// <summary>The layer; null while unknown (declared SSRC of a simulcast track before its rid was seen, or RTX).</summary>
    public RtpStreamReceiver? Receiver { get; set; }

    public bool IsRtx { get; }

    /// <summary>Learned from a packet's header extensions (not declared in the offer).</summary>
    public bool IsLearned { get; }

    /// <summary>The layer moved to another SSRC: this one is stale and its packets are dropped.</summary>
    public bool Retired { get; set; }
}
