using System.Text;
using Sfu.Core.Sctp;

namespace Sfu.Core.DataChannels;

/// <summary>
/// One data channel (RFC 8831) on a <see cref="DataChannelTransport"/>: an SCTP stream id with the reliability its
/// DATA_CHANNEL_OPEN named. Used on the transport's worker thread only.
/// </summary>
public sealed class DataChannel
{
    private readonly DataChannelTransport _transport;

    internal DataChannel(DataChannelTransport transport, ushort id, string label, string protocol, DataChannelType type, uint reliabilityParameter, ushort priority, bool openedLocally)
    {
        _transport = transport;
        Id = id;
        Label = label;
        Protocol = protocol;
        Type = type;
        ReliabilityParameter = reliabilityParameter;
        Priority = priority;
        OpenedLocally = openedLocally;
        State = openedLocally ? DataChannelState.Connecting : DataChannelState.Open;
    }

    /// <summary>The SCTP stream id (even when the DTLS client opened it, odd for the DTLS server).</summary>
    public ushort Id { get; }

    public string Label { get; }

    public string Protocol { get; }

    public DataChannelType Type { get; }

    /// <summary>Retransmissions or milliseconds, per <see cref="Type"/>.</summary>
    public uint ReliabilityParameter { get; }

    public ushort Priority { get; }

    /// <summary>True when we sent DATA_CHANNEL_OPEN, false when the peer did.</summary>
    public bool OpenedLocally { get; }

    public DataChannelState State { get; internal set; }

    public bool IsOrdered => ((byte)Type & 0x80) == 0;

    /// <summary>Bytes of the whole association not yet acknowledged (SCTP has one send buffer for all streams).</summary>
    public int BufferedAmount => _transport.Association.BufferedAmount;

    internal bool IncomingReset { get; set; }

    internal bool OutgoingReset { get; set; }

    internal bool Acknowledged { get; set; }

    /// <summary>The SCTP policy of user messages on this channel.</summary>
    internal SctpReliability Reliability => ((byte)Type & 0x7F) switch
    {
        0x01 => SctpReliability.MaxRetransmits(ReliabilityParameter),
        0x02 => SctpReliability.MaxLifetime(ReliabilityParameter),
        _ => SctpReliability.Reliable,
    };

    /// <summary>Sends a binary (<paramref name="isBinary"/>) or UTF-8 text message; empty ones are allowed.</summary>
    public SctpSendResult Send(ReadOnlySpan<byte> payload, bool isBinary = true) => _transport.SendMessage(this, payload, isBinary);

    /// <summary>Sends a text message (encodes to UTF-8; allocates, unlike the span overload).</summary>
    public SctpSendResult SendText(string text) => Send(Encoding.UTF8.GetBytes(text), isBinary: false);

    /// <summary>Closes the channel: resets our outgoing stream; the peer resets its own, then it is closed.</summary>
    public void Close() => _transport.CloseChannel(this);

    public override string ToString() => $"{Label} ({Id}, {Type}, {State})";
}
