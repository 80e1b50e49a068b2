namespace Sfu.Core.Transport;

/// <summary>
/// Where the forwarding core sends a peer's packets: a <see cref="WebRtcTransport"/> in the server, a recorder
/// in tests. Both send calls take a plain packet in the first <c>length</c> bytes of <c>buffer</c>, with room after it
/// for the SRTP/SRTCP trailer (16 bytes tag + 4 bytes SRTCP index at most), and protect it in place.
/// Called on the owning media worker's thread.
/// </summary>
public interface IRtpPacketSink
{
    /// <summary>
    /// True while the transport is connected and keyed, so that a send can succeed. A send that fails while this is
    /// true failed for another reason (SRTP state full or retired, index exhausted, the socket), which waiting for the
    /// connection will not mend. Sinks that are always ready need not implement it.
    /// </summary>
    bool CanSend => true;

    /// <summary>Protects and sends an RTP packet; false when it was not sent (not connected, or it could not be protected or sent).</summary>
    bool SendRtp(Span<byte> buffer, int length);

    /// <summary>Protects and sends an RTCP compound packet; false when not sent.</summary>
    bool SendRtcp(Span<byte> buffer, int length);

    /// <summary>
    /// The forwarding core stopped sending on <paramref name="ssrc"/> for good (a down-track ended): the transport may
    /// drop what it keeps for it (SRTP sending state), and must not send on it again. Not called on the packet path.
    /// Sinks that keep nothing per SSRC need not implement it.
    /// </summary>
    void ReleaseSendingSsrc(uint ssrc)
    {
    }
}
