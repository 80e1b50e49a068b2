using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>Hands a room transport's packets to the room's router, on the room's worker thread.</summary>
internal sealed class RoomTransportListener : IWebRtcTransportListener
{
    private readonly RoomRouter _router;
    public RoomTransportListener(RoomRouter router) => _router = router;

    /// <summary>
    /// A connected transport lets its video subscriptions ask for their keyframes (see
    /// <see cref="RoomRouter.OnTransportConnected"/>). A transport that fails or loses consent is left to the client,
    /// which restarts ICE or leaves; the participant goes when its signaling connection has been gone longer than the
    /// grace period.
    /// </summary>
    public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state)
    {
        if (state == WebRtcTransportState.Connected)
        {
            _router.OnTransportConnected(transport);
        }
    }

    public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        => _router.OnRtp(transport, buffer, length, header);

    public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet) => _router.OnRtcp(transport, packet);
}
