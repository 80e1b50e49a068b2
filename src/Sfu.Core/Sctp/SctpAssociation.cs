namespace Sfu.Core.Sctp;

/// <summary>
/// One SCTP association (RFC 9260) carried over DTLS (RFC 8261), with what WebRTC data channels use: DATA/SACK with
/// fragmentation and reassembly, ordered and unordered delivery per stream, partial reliability (RFC 3758 FORWARD TSN),
/// retransmission timers and congestion control (RFC 9260 6.3, 7.2), the receiver window, and stream reset
/// (RFC 6525, how browsers close a channel).
/// </summary>
/// <remarks>
/// <para>Not thread-safe and never locks: one media worker thread owns it. The owner feeds received packets to
/// <see cref="HandlePacket"/>, calls <see cref="OnTimer"/> when <see cref="NextTimerMs"/> is due (the worker's tick),
/// and receives output and events through <see cref="ISctpAssociationListener"/>.</para>
/// <para>Its parts are classes it holds: <see cref="SctpHandshake"/> (INIT to COOKIE ACK, T1, the verification tags),
/// <see cref="SctpShutdown"/> (SHUTDOWN to SHUTDOWN COMPLETE, T2), <see cref="SctpDataReceiver"/> (DATA, FORWARD TSN),
/// <see cref="SctpInboundStreams"/>, <see cref="SctpSendQueue"/>, <see cref="SctpSackScheduler"/>,
/// <see cref="SctpCongestionControl"/> and <see cref="SctpStreamReset"/>; the partial files keep what they share.</para>
/// <para>Network input never throws: what does not parse or does not belong is dropped and counted
/// (<see cref="Stats"/>, <see cref="ISctpAssociationListener.OnSctpDropped"/>).</para>
/// <para>Memory: message fragments live in pooled chunk buffers (bounded by <see cref="SctpOptions.SendBufferSize"/>
/// and <see cref="SctpOptions.ReceiveBufferSize"/>); a message that arrives whole and in order is delivered straight
/// from the packet. After warm-up nothing is allocated per message or packet.</para>
/// </remarks>
public sealed partial class SctpAssociation
{
    private readonly ISctpAssociationListener _listener;
    private readonly SctpOptions _options;
    private readonly Func<long> _clock;
    private readonly byte[] _packetBuffer;
    private readonly int _maxFragment;
    private readonly SctpRtoEstimator _rto;
    private readonly SctpHandshake _handshake;
    private readonly SctpShutdown _shutdown;
    private int _processing;
    private bool _flushing;

    /// <summary>Creates an association; it answers a peer's INIT at once, or starts one with <see cref="Connect"/>.</summary>
    /// <param name="listener">Receives packets to send, messages and events.</param>
    /// <param name="clock">The owner's monotonic clock in milliseconds.</param>
    /// <param name="options">Settings (default: <see cref="SctpOptions.Default"/>).</param>
    public SctpAssociation(ISctpAssociationListener listener, Func<long> clock, SctpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= SctpOptions.Default;
        options.Validate();
        _listener = listener;
        _clock = clock;
        _options = options;
        _packetBuffer = new byte[options.Mtu];
        _maxFragment = (options.Mtu - SctpPacketHeader.Length - Chunks.SctpDataChunk.Overhead) & ~3;
        _rto = new SctpRtoEstimator(options);
        _inbound = new SctpInboundStreams(this, options.MaxInboundMessageSize);
        _sack = new SctpSackScheduler(_tsns, options.DelayedAckMs);
        _handshake = new SctpHandshake(this, options, _rto);
        _shutdown = new SctpShutdown(this, _rto);
        _sendQueue = new SctpSendQueue(this, _rto, _maxFragment, _handshake.LocalInitialTsn);
        _streamReset = new SctpStreamReset(this, _inbound, _handshake.LocalInitialTsn);
        _receiver = new SctpDataReceiver(this, options, _tsns, _sack, _inbound, _streamReset);
        _congestion = new SctpCongestionControl(options.Mtu);
        _peerRwnd = options.ReceiveBufferSize;
    }

    public SctpAssociationState State { get; private set; }

    public SctpCloseReason CloseReason { get; private set; }

    public SctpAssociationStats Stats { get; } = new();

    public SctpOptions Options => _options;

    /// <summary>Bytes queued or in flight and not yet acknowledged (the sum of every stream's bufferedAmount).</summary>
    public int BufferedAmount => _sendQueue.BufferedBytes;

    /// <summary>Streams we may send on (the smaller of ours and the peer's inbound streams); 0 before establishment.</summary>
    public int OutboundStreams { get; private set; }

    /// <summary>Streams the peer may send on.</summary>
    public int InboundStreams { get; private set; }

    /// <summary>Congestion window in bytes.</summary>
    public int CongestionWindow => _congestion.Window;

    /// <summary>Current retransmission timeout.</summary>
    public int RetransmissionTimeoutMs => _rto.RtoMs;

    /// <summary>Whether the peer supports partial reliability (FORWARD TSN); without it lossy messages are sent reliably.</summary>
    public bool PeerSupportsPartialReliability { get; private set; }

    /// <summary>When <see cref="OnTimer"/> should next run (owner's clock), or <see cref="long.MaxValue"/>.</summary>
    public long NextTimerMs
    {
        get
        {
            long next = Math.Min(_handshake.T1AtMs, _t3AtMs);
            next = Math.Min(next, _sack.DelayedAtMs);
            next = Math.Min(next, _streamReset.TimerAtMs);
            return Math.Min(next, _shutdown.T2AtMs);
        }
    }

    /// <summary>Starts the association as the initiator: sends INIT. The peer may do the same; both then meet (RFC 9260 5.2).</summary>
    public void Connect()
    {
        if (State != SctpAssociationState.New)
        {
            return;
        }

        _handshake.Connect(_clock());
    }

    /// <summary>Handles one received SCTP packet (the plaintext of one DTLS record). Never throws on bad input.</summary>
    public void HandlePacket(ReadOnlySpan<byte> packet)
    {
        if (State == SctpAssociationState.Closed)
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return;
        }

        var error = SctpPacket.TryValidate(packet, out var header);
        if (error != SctpParseError.None)
        {
            Drop(error == SctpParseError.BadChecksum ? SctpDropReason.BadChecksum : SctpDropReason.Malformed);
            return;
        }

        if (header.DestinationPort != _options.LocalPort || header.SourcePort != _options.RemotePort)
        {
            Drop(SctpDropReason.WrongPort);
            return;
        }

        if (!_handshake.AcceptsTag(packet, header.VerificationTag))
        {
            Drop(SctpDropReason.WrongVerificationTag);
            return;
        }

        long now = _clock();
        Stats.PacketsReceived++;
        _processing++;
        bool hadData = false;
        try
        {
            foreach (var chunk in SctpPacket.Chunks(packet))
            {
                if (!HandleChunk(chunk, now, ref hadData) || State == SctpAssociationState.Closed)
                {
                    break;
                }
            }

            if (hadData && State != SctpAssociationState.Closed)
            {
                _sack.OnDataPacket(now);
            }
        }
        finally
        {
            _processing--;
        }

        if (_processing == 0)
        {
            AfterInput(now);
        }
    }

    /// <summary>Runs the timers that are due: INIT/COOKIE retransmission, T3-rtx, delayed SACK, stream reset, shutdown.</summary>
    public void OnTimer()
    {
        if (State == SctpAssociationState.Closed)
        {
            return;
        }

        long now = _clock();
        if (now >= _handshake.T1AtMs)
        {
            _handshake.OnT1Expired(now);
        }

        if (State != SctpAssociationState.Closed && now >= _t3AtMs)
        {
            OnT3Expired(now);
        }

        if (State != SctpAssociationState.Closed && now >= _shutdown.T2AtMs)
        {
            _shutdown.OnT2Expired(now);
        }

        if (State != SctpAssociationState.Closed && now >= _streamReset.TimerAtMs)
        {
            _streamReset.OnTimer();
        }

        if (State != SctpAssociationState.Closed && now >= _sack.DelayedAtMs)
        {
            _sack.OnTimer();
        }

        if (State != SctpAssociationState.Closed)
        {
            Flush(now);
        }
    }

    /// <summary>Sends ABORT (if the peer knows us) and ends the association at once.</summary>
    public void Abort() => AbortWith(SctpCloseReason.LocalAbort, SctpErrorCause.UserInitiatedAbort);

    /// <summary>
    /// Closes gracefully (<see cref="SctpShutdown"/>): what is queued is still delivered, then SHUTDOWN. Before
    /// establishment this aborts. <see cref="ISctpAssociationListener.OnSctpStateChanged"/> reports
    /// <see cref="SctpAssociationState.Closed"/> at the end.
    /// </summary>
    public void Shutdown()
    {
        if (State != SctpAssociationState.Established)
        {
            if (State != SctpAssociationState.Closed && State < SctpAssociationState.Established)
            {
                Abort();
            }

            return;
        }

        SetState(SctpAssociationState.ShutdownPending);
        if (_processing == 0)
        {
            long now = _clock();
            _shutdown.Progress(now);
            Flush(now);
        }
    }

    private bool HandleChunk(SctpChunk chunk, long now, ref bool hadData)
    {
        switch (chunk.Type)
        {
            case SctpChunkType.Data:
                hadData = true;
                return _receiver.HandleData(chunk, now);
            case SctpChunkType.Sack:
                return HandleSack(chunk, now);
            case SctpChunkType.Init:
                return _handshake.HandleInit(chunk, now);
            case SctpChunkType.InitAck:
                return _handshake.HandleInitAck(chunk, now);
            case SctpChunkType.CookieEcho:
                return _handshake.HandleCookieEcho(chunk, now);
            case SctpChunkType.CookieAck:
                return _handshake.HandleCookieAck(now);
            case SctpChunkType.Heartbeat:
                return HandleHeartbeat(chunk);
            case SctpChunkType.HeartbeatAck:
            case SctpChunkType.Error:
                return true;
            case SctpChunkType.Abort:
                Close(SctpCloseReason.PeerAborted);
                return false;
            case SctpChunkType.Shutdown:
                return _shutdown.HandleShutdown(chunk, now);
            case SctpChunkType.ShutdownAck:
                return _shutdown.HandleShutdownAck();
            case SctpChunkType.ShutdownComplete:
                return _shutdown.HandleShutdownComplete();
            case SctpChunkType.ForwardTsn:
                return _receiver.HandleForwardTsn(chunk, now);
            case SctpChunkType.ReConfig:
                return _streamReset.Handle(chunk, now);
            default:
                switch (chunk.UnknownAction)
                {
                    case SctpUnknownChunkAction.StopAndDiscard:
                    case SctpUnknownChunkAction.StopDiscardAndReport:
                        Drop(SctpDropReason.UnknownChunk);
                        return false;
                    default:
                        return true;
                }
        }
    }

    private void AfterInput(long now)
    {
        if (State == SctpAssociationState.Closed)
        {
            return;
        }

        _streamReset.ApplyDeferred();
        _shutdown.Progress(now);
        Flush(now);
    }

    /// <summary>Enters <paramref name="state"/> and tells the listener (nothing if it is the state already).</summary>
    internal void SetState(SctpAssociationState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        _listener.OnSctpStateChanged(state);
    }

    /// <summary>Ends the association at once: timers stop, buffers go back to their pools, the listener hears Closed.</summary>
    internal void Close(SctpCloseReason reason)
    {
        if (State == SctpAssociationState.Closed)
        {
            return;
        }

        CloseReason = reason;
        _handshake.Stop();
        _shutdown.Stop();
        _t3AtMs = long.MaxValue;
        _sack.Stop();
        _streamReset.Stop();
        ReleaseAll();
        SetState(SctpAssociationState.Closed);
    }

    /// <summary>Sends ABORT with <paramref name="cause"/> (when the peer's tag is known) and closes.</summary>
    internal void AbortWith(SctpCloseReason reason, SctpErrorCause cause)
    {
        if (State == SctpAssociationState.Closed)
        {
            return;
        }

        if (_handshake.PeerTagKnown)
        {
            var builder = NewPacket();
            builder.TryAddErrorCause(SctpChunkType.Abort, 0, cause, default);
            Emit(ref builder);
        }

        Close(reason);
    }

    /// <summary>The peer's parameters, from its INIT ACK or its cookie: stream counts, its first TSN, its window, FORWARD TSN.</summary>
    internal void ApplyPeerParameters(uint peerInitialTsn, uint peerWindow, ushort peerOutbound, ushort peerInbound, bool forwardTsn)
    {
        OutboundStreams = Math.Min(_options.Streams, peerInbound);
        InboundStreams = Math.Min(_options.Streams, peerOutbound);
        _tsns.Reset(peerInitialTsn - 1);
        _streamReset.Start(peerInitialTsn);
        _peerRwnd = (int)Math.Min(peerWindow, int.MaxValue);
        PeerSupportsPartialReliability = forwardTsn;
    }

    private bool HandleHeartbeat(SctpChunk chunk)
    {
        if (_handshake.PeerTagKnown)
        {
            var builder = NewPacket();
            if (builder.TryAddChunk(SctpChunkType.HeartbeatAck, 0, chunk.Value))
            {
                Emit(ref builder);
            }
        }

        return true;
    }

    internal void Drop(SctpDropReason reason)
    {
        Stats.CountDrop(reason);
        _listener.OnSctpDropped(reason);
    }

    /// <summary>A packet to the peer, built in the association's one packet buffer (emit it before building the next).</summary>
    internal SctpPacketBuilder NewPacket() => NewPacket(_handshake.PeerTag);

    /// <summary>A packet with <paramref name="verificationTag"/> (0 for INIT, the INIT's tag for INIT ACK).</summary>
    internal SctpPacketBuilder NewPacket(uint verificationTag)
        => new(_packetBuffer, new SctpPacketHeader(_options.LocalPort, _options.RemotePort, verificationTag));

    /// <summary>Finishes <paramref name="builder"/>'s packet and hands it to the listener to send.</summary>
    internal void Emit(ref SctpPacketBuilder builder)
    {
        int length = builder.Finish();
        Stats.PacketsSent++;
        _listener.OnSctpSendPacket(_packetBuffer.AsSpan(0, length));
    }
}
