namespace Sfu.Core.Srtp;

/// <summary>
/// What an <see cref="SrtpContext"/> remembers per SSRC: the highest SRTP index sent (hence the sending ROC), the
/// next SRTCP index to send, and the SRTP and SRTCP replay windows of what was received.
/// </summary>
internal sealed class SrtpSsrcState
{
    public SrtpSsrcState(uint ssrc, int replayWindowSize)
    {
        Ssrc = ssrc;
        RtpReplay = new SrtpReplayWindow(replayWindowSize);
        RtcpReplay = new SrtpReplayWindow(replayWindowSize);
    }

    public uint Ssrc { get; }

    /// <summary>True once an SRTP packet of this SSRC was protected.</summary>
    public bool HasSentRtp { get; set; }

    /// <summary>Highest 48-bit index protected; its top 32 bits are the sending ROC.</summary>
    public ulong HighestSentRtpIndex { get; set; }

    /// <summary>SRTCP index for the next protected RTCP packet (starts at 0, RFC 3711 section 3.3.2).</summary>
    public uint NextSrtcpIndex { get; set; }

    /// <summary>Received SRTP indices; its highest index carries the receiving ROC.</summary>
    public SrtpReplayWindow RtpReplay { get; }

    /// <summary>Received SRTCP indices.</summary>
    public SrtpReplayWindow RtcpReplay { get; }
}
