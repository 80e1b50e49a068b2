using Sfu.Core.DataChannels;
using Sfu.Core.Rtp;
using Sfu.Core.Sctp;
using Sfu.Load.Media;

namespace Sfu.Load.Data;

/// <summary>
/// Room data on a participant's publisher connection, as the JS client carries it (<c>data.js</c>): once DTLS is up,
/// <c>Sfu.Core</c>'s SCTP association and data channels in the DTLS client's role, the two channels <c>_reliable</c>
/// (ordered) and <c>_lossy</c> (unordered, no retransmissions) opened by us, the server's relayed messages counted
/// (<see cref="DataReceiveCounters"/>), and, for a sender, messages of the configured size at the configured rate on
/// one of the channels once <see cref="StartSending"/> was called.
/// </summary>
/// <remarks>
/// The peer's media loop owns it. A message is written into one preallocated buffer (the envelope header and filler
/// once, the payload header per message) and handed to the channel, which copies it into SCTP's pooled chunks:
/// nothing is allocated per message here. Pacing is by the loop's millisecond tick: every message whose time has come
/// goes out (up to <see cref="MaxMessagesPerTick"/>); when the channel's send buffer is full (the server is slower
/// than the rate) the message waits for the next tick, and a schedule more than <see cref="MaxLagUs"/> behind skips
/// ahead, counting the skipped slots in <see cref="SendSlotsSkipped"/>.
/// </remarks>
public sealed class DataPeerMedia : IPeerMedia, IDataChannelListener, IDataChannelPacketSink
{
    /// <summary>Most messages one tick sends (a sender that fell behind catches up over several ticks).</summary>
    public const int MaxMessagesPerTick = 1000;

    /// <summary>How far behind its schedule a sender may fall before it skips ahead.</summary>
    public const long MaxLagUs = 100_000;

    /// <summary>Reliable channel label (data.js).</summary>
    public const string ReliableLabel = "_reliable";

    /// <summary>Lossy channel label (data.js).</summary>
    public const string LossyLabel = "_lossy";

    private readonly uint _senderIndex;
    private readonly bool _reliable;
    private readonly double _intervalUs;
    private readonly byte[]? _message;
    private readonly Func<long> _clockMs = () => MediaClock.NowMicroseconds() / 1000;
    private PeerConnection? _peer;
    private DataChannelTransport? _transport;
    private DataChannel? _reliableChannel;
    private DataChannel? _lossyChannel;
    private volatile bool _sendRequested;
    private bool _sending;
    private double _nextDueUs;
    private long _sequence;

    /// <summary>A participant that only receives.</summary>
    public DataPeerMedia()
    {
        _reliable = true;
    }

    /// <summary>A sender: <paramref name="rate"/> messages per second of <paramref name="size"/> payload bytes.</summary>
    public DataPeerMedia(uint senderIndex, bool reliable, int size, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, DataPayload.HeaderLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _senderIndex = senderIndex;
        _reliable = reliable;
        _intervalUs = 1e6 / rate;
        _message = new byte[RoomDataEnvelope.PublishHeaderLength + size];
        RoomDataEnvelope.WritePublishHeader(_message);
        DataPayload.Fill(_message.AsSpan(RoomDataEnvelope.PublishHeaderLength));
        IsSender = true;
    }

    public bool IsSender { get; }

    /// <summary>True once both channels are open and the server's limits arrived: the room relays our messages.</summary>
    public bool Ready => LimitsReceived && _reliableChannel?.State == DataChannelState.Open && _lossyChannel?.State == DataChannelState.Open;

    /// <summary>The server's limits message arrived on <c>_reliable</c>.</summary>
    public bool LimitsReceived { get; private set; }

    /// <summary>The server's limits: most payload bytes per message, messages and bytes per second (0 before).</summary>
    public (uint MaxMessageBytes, uint MessagesPerSecond, uint BytesPerSecond) Limits { get; private set; }

    /// <summary>Messages the channel accepted.</summary>
    public long MessagesSent { get; private set; }

    /// <summary>Payload bytes of those (the tool's payload, without the envelope header).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Sends the channel refused for a full send buffer (each retried at the next tick).</summary>
    public long SendBufferFull { get; private set; }

    /// <summary>Scheduled messages never sent because the sender fell more than <see cref="MaxLagUs"/> behind.</summary>
    public long SendSlotsSkipped { get; private set; }

    /// <summary>Refusals the server sent (type 3 messages).</summary>
    public long Refusals { get; private set; }

    /// <summary>The server's text of the first refusal (it tells each reason once), or null.</summary>
    public string? FirstRefusal { get; private set; }

    /// <summary>What this participant received.</summary>
    public DataReceiveCounters Received { get; } = new();

    /// <summary>The association's counters (retransmissions and the like), once connected.</summary>
    public SctpAssociationStats? Sctp => _transport?.Association.Stats;

    /// <summary>Any thread: a sender starts sending at its rate from the loop's next tick on.</summary>
    public void StartSending() => _sendRequested = true;

    void IPeerMedia.OnConnected(PeerConnection peer, long nowUs)
    {
        _peer = peer;
        _transport = new DataChannelTransport(this, this, _clockMs, peer.IsDtlsClient);
        _transport.Start();
    }

    void IPeerMedia.OnTick(PeerConnection peer, long nowUs)
    {
        if (_transport is null)
        {
            return;
        }

        if (_transport.NextTimerMs <= nowUs / 1000)
        {
            _transport.OnTimer();
        }

        if (IsSender && _sendRequested && Ready)
        {
            Send(nowUs);
        }
    }

    void IPeerMedia.OnApplicationData(PeerConnection peer, ReadOnlySpan<byte> data, long nowUs) => _transport?.HandlePacket(data);

    void IPeerMedia.OnRtp(PeerConnection peer, Span<byte> packet, in RtpHeader header, long nowUs)
    {
    }

    void IPeerMedia.OnRtcp(PeerConnection peer, ReadOnlySpan<byte> compound, long nowUs)
    {
    }

    private void Send(long nowUs)
    {
        if (!_sending)
        {
            _sending = true;
            _nextDueUs = nowUs;
        }

        if (nowUs - _nextDueUs > MaxLagUs)
        {
            long skipped = (long)((nowUs - _nextDueUs) / _intervalUs);
            SendSlotsSkipped += skipped;
            _nextDueUs += skipped * _intervalUs;
        }

        var channel = _reliable ? _reliableChannel! : _lossyChannel!;
        var message = _message.AsSpan();
        var payload = message[RoomDataEnvelope.PublishHeaderLength..];
        for (int i = 0; i < MaxMessagesPerTick && _nextDueUs <= nowUs; i++)
        {
            DataPayload.WriteHeader(payload, _senderIndex, _sequence, MediaClock.NowMicroseconds());
            var result = channel.Send(message);
            if (result == SctpSendResult.BufferFull)
            {
                SendBufferFull++;
                return;
            }

            if (result != SctpSendResult.Ok)
            {
                return;
            }

            _sequence++;
            MessagesSent++;
            BytesSent += payload.Length;
            _nextDueUs += _intervalUs;
        }
    }

    void IDataChannelPacketSink.SendSctpPacket(ReadOnlySpan<byte> packet) => _peer?.SendApplicationData(packet);

    void IDataChannelListener.OnDataChannelOpened(DataChannel channel)
    {
    }

    void IDataChannelListener.OnDataChannelMessage(DataChannel channel, ReadOnlySpan<byte> payload, bool isBinary)
    {
        if (payload.IsEmpty)
        {
            Received.OnForeign();
            return;
        }

        switch (payload[0])
        {
            case RoomDataEnvelope.Message when RoomDataEnvelope.TryReadMessage(payload, out var body, out _):
                Received.OnMessage(body, MediaClock.NowMicroseconds());
                break;
            case RoomDataEnvelope.Limits when payload.Length >= 13:
                Limits = (
                    System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload[1..]),
                    System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload[5..]),
                    System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload[9..]));
                LimitsReceived = true;
                break;
            case RoomDataEnvelope.Refused:
                Refusals++;
                FirstRefusal ??= payload.Length > 2 ? System.Text.Encoding.UTF8.GetString(payload[2..]) : "(no text)";
                break;
            default:
                Received.OnForeign();
                break;
        }
    }

    void IDataChannelListener.OnDataChannelClosed(DataChannel channel)
    {
    }

    void IDataChannelListener.OnDataChannelTransportStateChanged(DataChannelTransport transport, SctpAssociationState state)
    {
        if (state == SctpAssociationState.Established && _reliableChannel is null)
        {
            // As data.js: createDataChannel('_reliable', {ordered: true}) and ('_lossy', {ordered: false, maxRetransmits: 0}).
            _reliableChannel = transport.OpenChannel(ReliableLabel, type: DataChannelType.Reliable);
            _lossyChannel = transport.OpenChannel(LossyLabel, type: DataChannelType.PartialReliableRexmitUnordered, reliabilityParameter: 0);
        }
    }
}
