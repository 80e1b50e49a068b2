namespace Sfu.Core.Transport;

/// <summary>
/// Where the forwarding core sends a peer's packets: a <see cref="WebRtcTransport"/> in the server, a recorder
/// in tests. Both calls take a plain packet in the first <c>length</c> bytes of <c>buffer</c>, with room after it
/// for the SRTP/SRTCP trailer (16 bytes tag + 4 bytes SRTCP index at most), and protect it in place.
/// Called on the owning media worker's thread.
/// </summary>
public interface IRtpPacketSink
{
    /// <summary>Protects and sends an RTP packet; false when the transport is not connected (the packet is dropped).</summary>
    bool SendRtp(Span<byte> buffer, int length);

    /// <summary>Protects and sends an RTCP compound packet; false when not connected.</summary>
    bool SendRtcp(Span<byte> buffer, int length);
}
