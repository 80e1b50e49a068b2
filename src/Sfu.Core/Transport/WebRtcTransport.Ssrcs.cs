namespace Sfu.Core.Transport;

/// <summary>What the forwarding core needs of the transport's sending SSRCs: whether it can send, and releasing an SSRC.</summary>
public sealed partial class WebRtcTransport
{
    /// <summary>
    /// Most SSRCs the outgoing SRTP context keeps state for. A subscriber in a room of 100 where everyone publishes
    /// audio and simulcast video receives 99 x (1 audio + 1 video + 1 video RTX) = 297 SSRCs, 495 if everyone also
    /// shares a screen (+ video + RTX); 1,024 leaves room for that and for rooms of about 200 publishers of audio and
    /// video. Each state is about 200 bytes and exists only while its SSRC is in use (ended down-tracks release theirs),
    /// so the cap bounds a runaway, not the normal case.
    /// </summary>
    public const int MaxSendingSsrcs = 1024;

    /// <inheritdoc />
    public bool CanSend => _srtpOut is not null && RemoteAddress is not null && State == WebRtcTransportState.Connected;

    /// <summary>SSRCs the outgoing SRTP context keeps state for now (0 before the handshake); media worker thread.</summary>
    public int SendingSsrcCount => _srtpOut?.SsrcCount ?? 0;

    /// <summary>
    /// Drops the SRTP sending state of <paramref name="ssrc"/> (see <see cref="Srtp.SrtpContext.RemoveSsrc"/>). On a
    /// closed transport there is nothing left to release: a publisher leaving after its subscribers (everyone leaving
    /// at once) ends down-tracks whose transports are already gone.
    /// A transport already closed (by its peer's close_notify, before its down-tracks were removed) has freed it all.
    /// </summary>
    public void ReleaseSendingSsrc(uint ssrc)
    {
        if (!_disposed)
        {
            _srtpOut?.RemoveSsrc(ssrc);
        }
    }
}
