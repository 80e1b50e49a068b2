using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>Association setup (RFC 9260 5.1, 5.2): INIT, INIT ACK with a state cookie, COOKIE ECHO, COOKIE ACK.</summary>
public sealed partial class SctpAssociation
{
    private uint _peerTag;
    private bool _peerTagKnown;
    private long _t1AtMs = long.MaxValue;
    private int _t1Count;
    private int _t1RtoMs;
    private byte[]? _cookieToEcho;

    private void SendInit(long now)
    {
        var builder = new SctpPacketBuilder(_packetBuffer, new SctpPacketHeader(_options.LocalPort, _options.RemotePort, 0));
        builder.TryAddInit(SctpChunkType.Init, _localTag, (uint)_options.ReceiveBufferSize, _options.Streams, _options.Streams, _localInitialTsn, default);
        Emit(ref builder);
        if (_t1RtoMs == 0)
        {
            _t1RtoMs = _rto.RtoMs;
        }

        _t1AtMs = now + _t1RtoMs;
    }

    /// <summary>
    /// Answers any INIT with an INIT ACK carrying our one tag and initial TSN: a fresh passive open, a collision with our
    /// own INIT (RFC 9260 5.2.1) and a duplicate all get the same answer, so whichever cookie comes back matches.
    /// </summary>
    private bool HandleInit(SctpChunk chunk, long now)
    {
        if (SctpInitChunk.TryParse(chunk.Value, out var init) != SctpParseError.None)
        {
            Drop(SctpDropReason.Malformed);
            return false;
        }

        if (State is not (SctpAssociationState.New or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed or SctpAssociationState.Established))
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return false;
        }

        var cookie = new SctpStateCookie(
            _localTag, init.InitiateTag, _localInitialTsn, init.InitialTsn, init.AdvertisedReceiverWindow,
            init.OutboundStreams, init.InboundStreams, init.ForwardTsnSupported, init.ReconfigSupported, now);
        Span<byte> cookieBytes = stackalloc byte[SctpStateCookie.Length];
        cookie.Write(cookieBytes, _cookieKey);
        var builder = new SctpPacketBuilder(_packetBuffer, new SctpPacketHeader(_options.LocalPort, _options.RemotePort, init.InitiateTag));
        builder.TryAddInit(SctpChunkType.InitAck, _localTag, (uint)ReceiveWindow(), _options.Streams, _options.Streams, _localInitialTsn, cookieBytes);
        Emit(ref builder);
        return false;
    }

    private bool HandleInitAck(SctpChunk chunk, long now)
    {
        if (State != SctpAssociationState.CookieWait)
        {
            return true; // RFC 9260 5.2.3: discarded outside COOKIE-WAIT
        }

        if (SctpInitChunk.TryParse(chunk.Value, out var initAck) != SctpParseError.None || initAck.StateCookie.IsEmpty)
        {
            Drop(SctpDropReason.Malformed);
            return false;
        }

        _peerTag = initAck.InitiateTag;
        _peerTagKnown = true;
        ApplyPeerParameters(initAck.InitialTsn, initAck.AdvertisedReceiverWindow, initAck.OutboundStreams, initAck.InboundStreams, initAck.ForwardTsnSupported);
        _cookieToEcho = initAck.StateCookie.ToArray();
        _t1Count = 0;
        SendCookieEcho(now);
        SetState(SctpAssociationState.CookieEchoed);
        return true;
    }

    private void SendCookieEcho(long now)
    {
        var builder = new SctpPacketBuilder(_packetBuffer, Header());
        builder.TryAddChunk(SctpChunkType.CookieEcho, 0, _cookieToEcho);
        Emit(ref builder);
        _t1AtMs = now + _t1RtoMs;
    }

    /// <summary>RFC 9260 5.1 step D and 5.2.4: a valid cookie establishes the association (or repeats the COOKIE ACK).</summary>
    private bool HandleCookieEcho(SctpChunk chunk, long now)
    {
        if (!SctpStateCookie.TryRead(chunk.Value, _cookieKey, out var cookie) || cookie.LocalTag != _localTag)
        {
            Drop(SctpDropReason.BadCookie);
            return false;
        }

        if (now - cookie.CreatedMs > _options.CookieLifetimeMs || now < cookie.CreatedMs)
        {
            Drop(SctpDropReason.BadCookie);
            return false;
        }

        switch (State)
        {
            case SctpAssociationState.New or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                _peerTag = cookie.PeerTag;
                _peerTagKnown = true;
                ApplyPeerParameters(cookie.PeerInitialTsn, cookie.PeerReceiverWindow, cookie.PeerOutboundStreams, cookie.PeerInboundStreams, cookie.PeerForwardTsn);
                _t1AtMs = long.MaxValue;
                SendCookieAck();
                SetState(SctpAssociationState.Established);
                return true;
            case SctpAssociationState.Closed:
                return false;
            default:
                if (cookie.PeerTag != _peerTag)
                {
                    // A peer restart (RFC 9260 5.2.4 case A) cannot happen within one DTLS session of a data channel.
                    Drop(SctpDropReason.UnexpectedChunk);
                    return false;
                }

                SendCookieAck();
                return true;
        }
    }

    private void SendCookieAck()
    {
        var builder = new SctpPacketBuilder(_packetBuffer, Header());
        builder.TryAddChunk(SctpChunkType.CookieAck, 0, default);
        Emit(ref builder);
    }

    private bool HandleCookieAck(long now)
    {
        if (State == SctpAssociationState.CookieEchoed)
        {
            _t1AtMs = long.MaxValue;
            _cookieToEcho = null;
            SetState(SctpAssociationState.Established);
            Flush(now);
        }

        return true;
    }

    private void ApplyPeerParameters(uint peerInitialTsn, uint peerWindow, ushort peerOutbound, ushort peerInbound, bool forwardTsn)
    {
        OutboundStreams = Math.Min(_options.Streams, peerInbound);
        InboundStreams = Math.Min(_options.Streams, peerOutbound);
        _tsns.Reset(peerInitialTsn - 1);
        _streamReset.Start(peerInitialTsn);
        _peerRwnd = (int)Math.Min(peerWindow, int.MaxValue);
        PeerSupportsPartialReliability = forwardTsn;
    }

    private void OnT1Expired(long now)
    {
        _t1AtMs = long.MaxValue;
        if (State is not (SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            return;
        }

        if (++_t1Count > _options.MaxInitRetransmissions)
        {
            Close(SctpCloseReason.SetupTimeout);
            return;
        }

        _t1RtoMs = Math.Min(_t1RtoMs * 2, _options.MaxRtoMs);
        if (State == SctpAssociationState.CookieWait)
        {
            SendInit(now);
        }
        else
        {
            SendCookieEcho(now);
        }
    }

    private bool HandleHeartbeat(SctpChunk chunk)
    {
        if (_peerTagKnown)
        {
            var builder = new SctpPacketBuilder(_packetBuffer, Header());
            if (builder.TryAddChunk(SctpChunkType.HeartbeatAck, 0, chunk.Value))
            {
                Emit(ref builder);
            }
        }

        return true;
    }
}
