using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>Hands a room transport's packets to the room's router, on the room's worker thread.</summary>
internal sealed class RoomTransportListener : IWebRtcTransportListener
{
    private readonly RoomRouter _router;
    private readonly Action<WebRtcTransport, WebRtcTransportState> _onState;

    public RoomTransportListener(RoomRouter router, Action<WebRtcTransport, WebRtcTransportState> onState)
    {
        _router = router;
        _onState = onState;
    }

    public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state) => _onState(transport, state);

    public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        => _router.OnRtp(transport, buffer, length, header);

    public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet) => _router.OnRtcp(transport, packet);
}
