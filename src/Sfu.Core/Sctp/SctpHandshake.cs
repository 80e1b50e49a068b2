using System.Security.Cryptography;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// Association setup (RFC 9260 5.1, 5.2): INIT, INIT ACK with a state cookie, COOKIE ECHO, COOKIE ACK, with the T1
/// timer; and the verification tags it settles (ours, chosen here, and the peer's, learned here), which every packet
/// is checked against (RFC 9260 8.5).
/// </summary>
/// <remarks>
/// Owned by one <see cref="SctpAssociation"/> and touched only on its thread. It sends, drops, changes state and
/// applies the peer's parameters through the association. A passive open keeps no state until a valid cookie comes
/// back; the cookie is signed with a key of this handshake's own.
/// </remarks>
internal sealed class SctpHandshake
{
    private readonly SctpAssociation _association;
    private readonly SctpOptions _options;
    private readonly SctpRtoEstimator _rto;
    private readonly byte[] _cookieKey = RandomNumberGenerator.GetBytes(32);
    private int _t1Count;
    private int _t1RtoMs;
    private byte[]? _cookieToEcho;

    /// <summary>Creates the handshake of <paramref name="association"/>, with a random tag and initial TSN of ours.</summary>
    /// <param name="association">Sends, drops, changes state and takes the peer's parameters through it.</param>
    /// <param name="options">The association's settings (ports, streams, window, retransmission limits).</param>
    /// <param name="rto">The association's RTO estimate; T1 starts from it.</param>
    public SctpHandshake(SctpAssociation association, SctpOptions options, SctpRtoEstimator rto)
    {
        _association = association;
        _options = options;
        _rto = rto;
        LocalTag = RandomNonZero();
        LocalInitialTsn = RandomNonZero();
    }

    /// <summary>Our verification tag: the peer puts it on every packet but INIT.</summary>
    public uint LocalTag { get; }

    /// <summary>Our first TSN (and our first stream reset request sequence number).</summary>
    public uint LocalInitialTsn { get; }

    /// <summary>The peer's verification tag (we put it on our packets), once <see cref="PeerTagKnown"/>.</summary>
    public uint PeerTag { get; private set; }

    /// <summary>Whether the peer's tag is known (from its INIT ACK or a valid COOKIE ECHO).</summary>
    public bool PeerTagKnown { get; private set; }

    /// <summary>When T1 (INIT or COOKIE ECHO retransmission) runs out (owner's clock), or <see cref="long.MaxValue"/>.</summary>
    public long T1AtMs { get; private set; } = long.MaxValue;

    /// <summary>Sends INIT and enters COOKIE-WAIT (an active open).</summary>
    public void Connect(long now)
    {
        SendInit(now);
        _association.SetState(SctpAssociationState.CookieWait);
    }

    /// <summary>Stops T1 (the association closed).</summary>
    public void Stop() => T1AtMs = long.MaxValue;

    /// <summary>
    /// RFC 9260 8.5: a packet with INIT carries tag 0 and nothing else; ABORT and SHUTDOWN COMPLETE with the T bit carry
    /// the peer's tag; everything else carries ours.
    /// </summary>
    public bool AcceptsTag(ReadOnlySpan<byte> packet, uint tag)
    {
        var chunks = SctpPacket.Chunks(packet);
        if (!chunks.MoveNext())
        {
            return false;
        }

        var first = chunks.Current;
        switch (first.Type)
        {
            case SctpChunkType.Init:
                return tag == 0 && !chunks.MoveNext();
            case SctpChunkType.Abort or SctpChunkType.ShutdownComplete when (first.Flags & 1) != 0:
                return PeerTagKnown && tag == PeerTag;
            default:
                return tag == LocalTag;
        }
    }

    /// <summary>
    /// Answers any INIT with an INIT ACK carrying our one tag and initial TSN: a fresh passive open, a collision with our
    /// own INIT (RFC 9260 5.2.1) and a duplicate all get the same answer, so whichever cookie comes back matches.
    /// </summary>
    public bool HandleInit(SctpChunk chunk, long now)
    {
        if (SctpInitChunk.TryParse(chunk.Value, out var init) != SctpParseError.None)
        {
            _association.Drop(SctpDropReason.Malformed);
            return false;
        }

        if (_association.State is not (SctpAssociationState.New or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed or SctpAssociationState.Established))
        {
            _association.Drop(SctpDropReason.UnexpectedChunk);
            return false;
        }

        var cookie = new SctpStateCookie(
            LocalTag, init.InitiateTag, LocalInitialTsn, init.InitialTsn, init.AdvertisedReceiverWindow,
            init.OutboundStreams, init.InboundStreams, init.ForwardTsnSupported, init.ReconfigSupported, now);
        Span<byte> cookieBytes = stackalloc byte[SctpStateCookie.Length];
        cookie.Write(cookieBytes, _cookieKey);
        var builder = _association.NewPacket(init.InitiateTag);
        builder.TryAddInit(SctpChunkType.InitAck, LocalTag, (uint)_association.ReceiveWindow(), _options.Streams, _options.Streams, LocalInitialTsn, cookieBytes);
        _association.Emit(ref builder);
        return false;
    }

    /// <summary>RFC 9260 5.1 step C: the peer's INIT ACK gives its tag and parameters; its cookie goes back in COOKIE ECHO.</summary>
    public bool HandleInitAck(SctpChunk chunk, long now)
    {
        if (_association.State != SctpAssociationState.CookieWait)
        {
            return true; // RFC 9260 5.2.3: discarded outside COOKIE-WAIT
        }

        if (SctpInitChunk.TryParse(chunk.Value, out var initAck) != SctpParseError.None || initAck.StateCookie.IsEmpty)
        {
            _association.Drop(SctpDropReason.Malformed);
            return false;
        }

        PeerTag = initAck.InitiateTag;
        PeerTagKnown = true;
        _association.ApplyPeerParameters(initAck.InitialTsn, initAck.AdvertisedReceiverWindow, initAck.OutboundStreams, initAck.InboundStreams, initAck.ForwardTsnSupported);
        _cookieToEcho = initAck.StateCookie.ToArray();
        _t1Count = 0;
        SendCookieEcho(now);
        _association.SetState(SctpAssociationState.CookieEchoed);
        return true;
    }

    /// <summary>RFC 9260 5.1 step D and 5.2.4: a valid cookie establishes the association (or repeats the COOKIE ACK).</summary>
    public bool HandleCookieEcho(SctpChunk chunk, long now)
    {
        if (!SctpStateCookie.TryRead(chunk.Value, _cookieKey, out var cookie) || cookie.LocalTag != LocalTag)
        {
            _association.Drop(SctpDropReason.BadCookie);
            return false;
        }

        if (now - cookie.CreatedMs > _options.CookieLifetimeMs || now < cookie.CreatedMs)
        {
            _association.Drop(SctpDropReason.BadCookie);
            return false;
        }

        switch (_association.State)
        {
            case SctpAssociationState.New or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                PeerTag = cookie.PeerTag;
                PeerTagKnown = true;
                _association.ApplyPeerParameters(cookie.PeerInitialTsn, cookie.PeerReceiverWindow, cookie.PeerOutboundStreams, cookie.PeerInboundStreams, cookie.PeerForwardTsn);
                T1AtMs = long.MaxValue;
                SendCookieAck();
                _association.SetState(SctpAssociationState.Established);
                return true;
            case SctpAssociationState.Closed:
                return false;
            default:
                if (cookie.PeerTag != PeerTag)
                {
                    // A peer restart (RFC 9260 5.2.4 case A) cannot happen within one DTLS session of a data channel.
                    _association.Drop(SctpDropReason.UnexpectedChunk);
                    return false;
                }

                SendCookieAck();
                return true;
        }
    }

    /// <summary>RFC 9260 5.1 step E: COOKIE ACK in COOKIE-ECHOED establishes the association; what waited is sent.</summary>
    public bool HandleCookieAck(long now)
    {
        if (_association.State == SctpAssociationState.CookieEchoed)
        {
            T1AtMs = long.MaxValue;
            _cookieToEcho = null;
            _association.SetState(SctpAssociationState.Established);
            _association.Flush(now);
        }

        return true;
    }

    /// <summary>T1 ran out: INIT or COOKIE ECHO again with the timeout doubled, or the setup failed after too many tries.</summary>
    public void OnT1Expired(long now)
    {
        T1AtMs = long.MaxValue;
        if (_association.State is not (SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            return;
        }

        if (++_t1Count > _options.MaxInitRetransmissions)
        {
            _association.Close(SctpCloseReason.SetupTimeout);
            return;
        }

        _t1RtoMs = Math.Min(_t1RtoMs * 2, _options.MaxRtoMs);
        if (_association.State == SctpAssociationState.CookieWait)
        {
            SendInit(now);
        }
        else
        {
            SendCookieEcho(now);
        }
    }

    private void SendInit(long now)
    {
        var builder = _association.NewPacket(0);
        builder.TryAddInit(SctpChunkType.Init, LocalTag, (uint)_options.ReceiveBufferSize, _options.Streams, _options.Streams, LocalInitialTsn, default);
        _association.Emit(ref builder);
        if (_t1RtoMs == 0)
        {
            _t1RtoMs = _rto.RtoMs;
        }

        T1AtMs = now + _t1RtoMs;
    }

    private void SendCookieEcho(long now)
    {
        var builder = _association.NewPacket();
        builder.TryAddChunk(SctpChunkType.CookieEcho, 0, _cookieToEcho);
        _association.Emit(ref builder);
        T1AtMs = now + _t1RtoMs;
    }

    private void SendCookieAck()
    {
        var builder = _association.NewPacket();
        builder.TryAddChunk(SctpChunkType.CookieAck, 0, default);
        _association.Emit(ref builder);
    }

    private static uint RandomNonZero()
    {
        uint value;
        do
        {
            value = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        }
        while (value == 0);
        return value;
    }
}
