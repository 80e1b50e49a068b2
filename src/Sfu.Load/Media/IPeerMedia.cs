using Sfu.Core.Rtp;

namespace Sfu.Load.Media;

/// <summary>
/// What a peer connection carries: the publisher's senders, the subscriber's receivers, or room data. Called on the media loop
/// thread that owns the peer; spans are valid only during the call. <c>nowUs</c> is <see cref="MediaClock"/>'s time.
/// </summary>
public interface IPeerMedia
{
    /// <summary>SRTP keys are in place: media may be sent from now on.</summary>
    void OnConnected(PeerConnection peer, long nowUs);

    /// <summary>About every millisecond while connected: send what is due.</summary>
    void OnTick(PeerConnection peer, long nowUs);

    /// <summary>An RTP packet, decrypted and parsed (<paramref name="packet"/> is the plain packet).</summary>
    void OnRtp(PeerConnection peer, Span<byte> packet, in RtpHeader header, long nowUs);

    /// <summary>A compound RTCP packet, decrypted.</summary>
    void OnRtcp(PeerConnection peer, ReadOnlySpan<byte> compound, long nowUs);

    /// <summary>DTLS application data: an SCTP packet (data channels). Ignored unless the media carries data.</summary>
    void OnApplicationData(PeerConnection peer, ReadOnlySpan<byte> data, long nowUs)
    {
    }
}
