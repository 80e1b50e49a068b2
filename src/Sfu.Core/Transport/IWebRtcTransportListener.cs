using Sfu.Core.Rtp;

namespace Sfu.Core.Transport;

/// <summary>
/// What a <see cref="WebRtcTransport"/> tells its owner, on the owning media worker's thread.
/// The packet spans are decrypted in place in the worker's receive buffer, with room after them
/// for an SRTP tag: valid only during the call.
/// </summary>
public interface IWebRtcTransportListener
{
    void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state);

    /// <summary>A decrypted RTP packet. <paramref name="buffer"/> starts at the packet and extends past <paramref name="length"/> bytes (scratch room).</summary>
    void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header);

    /// <summary>A decrypted RTCP compound packet.</summary>
    void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet);
}
