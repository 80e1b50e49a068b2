using System.Text;
using Sfu.Core.Sctp;

namespace Sfu.Core.DataChannels;

/// <summary>
/// Data channels (RFC 8831) over one SCTP association, with DCEP (RFC 8832) to open them: the peer's
/// DATA_CHANNEL_OPEN creates a channel and is answered with DATA_CHANNEL_ACK; <see cref="OpenChannel"/> opens ours on
/// an even (DTLS client) or odd (DTLS server) stream id. Closing resets the stream both ways (RFC 8831 6.7).
/// </summary>
/// <remarks>
/// Runs on the owning media worker's thread like the <see cref="Transport.WebRtcTransport"/> it rides on; nothing locks. Feed
/// it the DTLS application data (<see cref="HandlePacket"/>) and the worker's tick (<see cref="OnTimer"/>).
/// Messages are delivered from the receive path without copies when they arrive whole and in order.
/// </remarks>
public sealed class DataChannelTransport : ISctpAssociationListener
{
    private readonly IDataChannelPacketSink _sink;
    private readonly IDataChannelListener _listener;
    private readonly bool _dtlsClient;
    private readonly Dictionary<ushort, DataChannel> _channels = new();
    private static readonly byte[] AckMessage = [(byte)DcepMessageType.Ack];
    private ushort _nextStreamId;

    /// <param name="sink">Sends SCTP packets (the DTLS transport).</param>
    /// <param name="listener">Receives channels, messages and state.</param>
    /// <param name="clock">The worker's clock in milliseconds.</param>
    /// <param name="dtlsClient">Our DTLS role: the client opens even stream ids, the server odd ones (RFC 8832 6).</param>
    /// <param name="options">SCTP settings (ports and message sizes from the SDP, the MTU from DTLS).</param>
    public DataChannelTransport(IDataChannelPacketSink sink, IDataChannelListener listener, Func<long> clock, bool dtlsClient, SctpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(listener);
        _sink = sink;
        _listener = listener;
        _dtlsClient = dtlsClient;
        _nextStreamId = dtlsClient ? (ushort)0 : (ushort)1;
        Association = new SctpAssociation(this, clock, options);
    }

    public SctpAssociation Association { get; }

    public SctpAssociationState State => Association.State;

    /// <summary>Open (or opening/closing) channels by stream id.</summary>
    public IReadOnlyDictionary<ushort, DataChannel> Channels => _channels;

    /// <summary>Messages dropped: unknown stream, bad DCEP, deprecated partial PPIDs.</summary>
    public long DroppedMessages { get; private set; }

    /// <summary>Starts SCTP once DTLS is connected: sends INIT (browsers do too; the two INITs meet, RFC 9260 5.2.1).</summary>
    public void Start() => Association.Connect();

    public void HandlePacket(ReadOnlySpan<byte> packet) => Association.HandlePacket(packet);

    public long NextTimerMs => Association.NextTimerMs;

    public void OnTimer() => Association.OnTimer();

    /// <summary>Graceful SCTP shutdown (channels close when it completes).</summary>
    public void Shutdown() => Association.Shutdown();

    /// <summary>Ends at once: ABORT to the peer; every channel closes.</summary>
    public void Abort() => Association.Abort();

    /// <summary>
    /// Opens a channel: sends DATA_CHANNEL_OPEN on the next free stream id of our parity. The channel is
    /// <see cref="DataChannelState.Connecting"/> until the ACK; messages sent meanwhile go ordered (RFC 8832 6).
    /// Null when the association is not established or no stream id is free.
    /// </summary>
    public DataChannel? OpenChannel(string label, string protocol = "", DataChannelType type = DataChannelType.Reliable, uint reliabilityParameter = 0, ushort priority = 256)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(protocol);
        int labelBytes = Encoding.UTF8.GetByteCount(label);
        int protocolBytes = Encoding.UTF8.GetByteCount(protocol);
        if (labelBytes > ushort.MaxValue || protocolBytes > ushort.MaxValue)
        {
            throw new ArgumentException("Label and protocol are limited to 65535 UTF-8 bytes each.");
        }

        if (Association.State != SctpAssociationState.Established || !TryTakeStreamId(out ushort id))
        {
            return null;
        }

        var channel = new DataChannel(this, id, label, protocol, type, reliabilityParameter, priority, openedLocally: true);
        var open = new byte[DcepOpenMessage.FixedLength + labelBytes + protocolBytes]; // control plane: once per channel
        DcepOpenMessage.Write(open, type, priority, reliabilityParameter, Encoding.UTF8.GetBytes(label), Encoding.UTF8.GetBytes(protocol));
        if (Association.Send(id, DataChannelPpid.Dcep, open) != SctpSendResult.Ok)
        {
            return null;
        }

        _channels.Add(id, channel);
        return channel;
    }

    internal SctpSendResult SendMessage(DataChannel channel, ReadOnlySpan<byte> payload, bool isBinary)
    {
        if (channel.State is not (DataChannelState.Open or DataChannelState.Connecting) || !_channels.ContainsKey(channel.Id))
        {
            return SctpSendResult.InvalidStream;
        }

        uint ppid;
        if (payload.IsEmpty)
        {
            ppid = isBinary ? DataChannelPpid.BinaryEmpty : DataChannelPpid.StringEmpty;
            payload = [0];
        }
        else
        {
            ppid = isBinary ? DataChannelPpid.Binary : DataChannelPpid.String;
        }

        // Until the peer acknowledged our OPEN, everything goes ordered so that it cannot overtake the OPEN.
        bool unordered = !channel.IsOrdered && (channel.Acknowledged || !channel.OpenedLocally);
        return Association.Send(channel.Id, ppid, payload, unordered, channel.Reliability);
    }

    internal void CloseChannel(DataChannel channel)
    {
        if (channel.State is DataChannelState.Closing or DataChannelState.Closed)
        {
            return;
        }

        channel.State = DataChannelState.Closing;
        if (!Association.ResetStreams([channel.Id]))
        {
            Closed(channel);
        }
    }

    private bool TryTakeStreamId(out ushort id)
    {
        int limit = Math.Max(Association.OutboundStreams, 0);
        for (int tries = 0; tries < limit; tries += 2)
        {
            ushort candidate = _nextStreamId;
            _nextStreamId = (ushort)(_nextStreamId + 2 >= limit ? (_dtlsClient ? 0 : 1) : _nextStreamId + 2);
            if (candidate < limit && !_channels.ContainsKey(candidate))
            {
                id = candidate;
                return true;
            }
        }

        id = 0;
        return false;
    }

    void ISctpAssociationListener.OnSctpSendPacket(ReadOnlySpan<byte> packet) => _sink.SendSctpPacket(packet);

    void ISctpAssociationListener.OnSctpStateChanged(SctpAssociationState state)
    {
        if (state == SctpAssociationState.Closed)
        {
            foreach (var channel in _channels.Values.ToArray())
            {
                Closed(channel);
            }
        }

        _listener.OnDataChannelTransportStateChanged(this, state);
    }

    void ISctpAssociationListener.OnSctpMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> payload)
    {
        if (payloadProtocolId == DataChannelPpid.Dcep)
        {
            HandleDcep(streamId, payload);
            return;
        }

        if (!_channels.TryGetValue(streamId, out var channel) || channel.State == DataChannelState.Closed)
        {
            DroppedMessages++;
            return;
        }

        switch (payloadProtocolId)
        {
            case DataChannelPpid.String:
                _listener.OnDataChannelMessage(channel, payload, false);
                break;
            case DataChannelPpid.Binary:
                _listener.OnDataChannelMessage(channel, payload, true);
                break;
            case DataChannelPpid.StringEmpty:
                _listener.OnDataChannelMessage(channel, default, false);
                break;
            case DataChannelPpid.BinaryEmpty:
                _listener.OnDataChannelMessage(channel, default, true);
                break;
            default:
                DroppedMessages++;
                break;
        }
    }

    private void HandleDcep(ushort streamId, ReadOnlySpan<byte> message)
    {
        if (message.Length == 1 && message[0] == (byte)DcepMessageType.Ack)
        {
            if (_channels.TryGetValue(streamId, out var ours) && ours.OpenedLocally && !ours.Acknowledged)
            {
                ours.Acknowledged = true;
                if (ours.State == DataChannelState.Connecting)
                {
                    ours.State = DataChannelState.Open;
                    _listener.OnDataChannelOpened(ours);
                }
            }
            else
            {
                DroppedMessages++;
            }

            return;
        }

        if (!DcepOpenMessage.TryParse(message, out var open) || _channels.ContainsKey(streamId))
        {
            // Malformed, or an OPEN for a stream already in use (e.g. both sides picked the same id): ignored.
            DroppedMessages++;
            return;
        }

        var channel = new DataChannel(
            this, streamId, Encoding.UTF8.GetString(open.Label), Encoding.UTF8.GetString(open.Protocol),
            open.ChannelType, open.ReliabilityParameter, open.Priority, openedLocally: false);
        _channels.Add(streamId, channel);
        Association.Send(streamId, DataChannelPpid.Dcep, AckMessage);
        _listener.OnDataChannelOpened(channel);
    }

    void ISctpAssociationListener.OnSctpIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
        foreach (ushort id in streamIds)
        {
            if (!_channels.TryGetValue(id, out var channel))
            {
                continue;
            }

            channel.IncomingReset = true;
            if (channel.State != DataChannelState.Closing)
            {
                // The peer closed it: reset our direction too (RFC 8831 6.7).
                channel.State = DataChannelState.Closing;
                if (!Association.ResetStreams([id]))
                {
                    Closed(channel);
                    continue;
                }
            }

            if (channel.OutgoingReset)
            {
                Closed(channel);
            }
        }
    }

    void ISctpAssociationListener.OnSctpOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
        foreach (ushort id in streamIds)
        {
            if (_channels.TryGetValue(id, out var channel))
            {
                channel.OutgoingReset = true;
                if (channel.IncomingReset)
                {
                    Closed(channel);
                }
            }
        }
    }

    void ISctpAssociationListener.OnSctpDropped(SctpDropReason reason)
    {
        DroppedPackets?.Invoke(reason);
    }

    /// <summary>Told about every SCTP packet or chunk the association dropped (the transport counts them in its metrics).</summary>
    public Action<SctpDropReason>? DroppedPackets { get; set; }

    private void Closed(DataChannel channel)
    {
        if (channel.State == DataChannelState.Closed)
        {
            return;
        }

        channel.State = DataChannelState.Closed;
        _channels.Remove(channel.Id);
        _listener.OnDataChannelClosed(channel);
    }
}
