using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Hands a room transport's packets to the room's router, on the room's worker thread, and tells the room's loop
/// what says whether a peer connection is still there: a transport connected, was closed by the peer (DTLS
/// close_notify) or lost ICE consent, and the RTCP BYE packets a publisher sends. Those are rare: only they post work
/// to the loop; the packets themselves go on without allocating.
/// </summary>
internal sealed class RoomTransportListener : IWebRtcTransportListener
{
    /// <summary>Sources of BYE packets read from one compound at most (a publisher sends a few streams).</summary>
    private const int MaxByeSources = 64;

    private readonly RoomRouter _router;
    private readonly Room _room;

    /// <summary>
    /// Per transport, the SSRCs whose BYE went to the room already (at most <see cref="MaxByeSources"/>): a BYE that names
    /// none it has not heard of posts nothing, so a peer repeating BYE packets cannot flood the room's loop. Worker
    /// thread only; a transport's entry goes when it closes.
    /// </summary>
    private readonly Dictionary<WebRtcTransport, HashSet<uint>> _goodbyesPosted = new();

    public RoomTransportListener(RoomRouter router, Room room)
    {
        _router = router;
        _room = room;
    }

    /// <summary>
    /// A connected transport lets its video subscriptions ask for their keyframes (see
    /// <see cref="RoomRouter.OnTransportConnected"/>). Connected, Disconnected (consent lost) and Closed by the peer go
    /// to the room's <see cref="PeerConnectionWatcher"/>, which decides whether the participant left (<see cref="MediaPresence"/>). A transport the server closes itself, or that fails, says
    /// nothing: the client restarts ICE, or its participant goes when its signaling connection is gone for longer
    /// than the grace period.
    /// </summary>
    public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state)
    {
        if (state == WebRtcTransportState.Connected)
        {
            _router.OnTransportConnected(transport);
        }
        else if (state == WebRtcTransportState.Closed)
        {
            _goodbyesPosted.Remove(transport);
        }

        PeerConnectionSignal? signal = state switch
        {
            WebRtcTransportState.Connected => PeerConnectionSignal.Connected,
            WebRtcTransportState.Disconnected => PeerConnectionSignal.ConsentLost,
            WebRtcTransportState.Closed when transport.ClosedByPeer => PeerConnectionSignal.ClosedByPeer,
            _ => null,
        };
        if (signal is { } s)
        {
            _room.PeerConnections.OnPeerConnectionSignal(transport, s);
        }
    }

    public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        => _router.OnRtp(transport, buffer, length, header);

    public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet)
    {
        _router.OnRtcp(transport, packet);
        if (ContainsGoodbye(packet) && NewGoodbyeSources(transport, GoodbyeSources(packet)) is { } sources)
        {
            _room.PeerConnections.OnRtcpGoodbye(transport, sources);
        }
    }

    /// <summary>
    /// Records <paramref name="sources"/> as posted for <paramref name="transport"/>; returns them when any is new (and
    /// there is room to remember it), else null.
    /// </summary>
    private uint[]? NewGoodbyeSources(WebRtcTransport transport, uint[] sources)
    {
        if (transport.State == WebRtcTransportState.Closed)
        {
            return null;
        }

        if (!_goodbyesPosted.TryGetValue(transport, out var posted))
        {
            posted = new HashSet<uint>();
            _goodbyesPosted.Add(transport, posted);
        }

        bool any = false;
        foreach (var ssrc in sources)
        {
            if (posted.Count < MaxByeSources && posted.Add(ssrc))
            {
                any = true;
            }
        }

        return any ? sources : null;
    }

    /// <summary>Transports with BYE sources remembered (for tests: entries go when their transport closes).</summary>
    internal int TransportsWithGoodbyes => _goodbyesPosted.Count;

    /// <summary>True when a well-framed compound holds a BYE packet (a walk over its headers).</summary>
    internal static bool ContainsGoodbye(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var header, out _))
        {
            if (header.PacketType == RtcpPacketType.Goodbye)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The SSRCs the compound's BYE packets name (malformed BYE packets are skipped).</summary>
    internal static uint[] GoodbyeSources(ReadOnlySpan<byte> compound)
    {
        Span<uint> sources = stackalloc uint[MaxByeSources];
        int count = 0;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var header, out var packet))
        {
            if (header.PacketType != RtcpPacketType.Goodbye || Goodbye.TryParse(packet, out var bye) != RtcpParseError.None)
            {
                continue;
            }

            for (int i = 0; i < bye.SourceCount && count < sources.Length; i++)
            {
                sources[count++] = bye.GetSource(i);
            }
        }

        return sources[..count].ToArray();
    }
}
