namespace Sfu.Core.Sctp;

/// <summary>Settings of one <see cref="SctpAssociation"/>. WebRTC defaults; validated when the association is created.</summary>
public sealed class SctpOptions
{
    public static SctpOptions Default { get; } = new();

    /// <summary>Our SCTP port (a=sctp-port, RFC 8841): 5000 in every browser.</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>The peer's a=sctp-port.</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>Largest SCTP packet, which must fit one DTLS record in one datagram (RFC 8261 5).</summary>
    public int Mtu { get; init; } = 1150;

    /// <summary>Streams we announce in each direction (a stream is a data channel id).</summary>
    public ushort Streams { get; init; } = 1024;

    /// <summary>Largest message we accept (our a=max-message-size). A peer sending more is aborted.</summary>
    public int MaxInboundMessageSize { get; init; } = 256 * 1024;

    /// <summary>Largest message we send (the peer's a=max-message-size; 64 KiB when it says nothing, RFC 8841 6.1).</summary>
    public int MaxOutboundMessageSize { get; init; } = 256 * 1024;

    /// <summary>Bytes held for reassembly and out-of-order data; what we advertise as a_rwnd.</summary>
    public int ReceiveBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Bytes queued or in flight, unacknowledged; a send beyond it fails with <see cref="SctpSendResult.BufferFull"/>.</summary>
    public int SendBufferSize { get; init; } = 1024 * 1024;

    public int InitialRtoMs { get; init; } = 1000;

    public int MinRtoMs { get; init; } = 400;

    public int MaxRtoMs { get; init; } = 10_000;

    /// <summary>Consecutive retransmission timeouts before the association is declared dead (Association.Max.Retrans).</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>INIT / COOKIE ECHO retransmissions before giving up (Max.Init.Retransmits).</summary>
    public int MaxInitRetransmissions { get; init; } = 8;

    /// <summary>Delayed SACK timer (RFC 9260 6.2: at most 500 ms; 200 ms is usual).</summary>
    public int DelayedAckMs { get; init; } = 200;

    /// <summary>How long a state cookie is valid (Valid.Cookie.Life).</summary>
    public int CookieLifetimeMs { get; init; } = 60_000;

    internal void Validate()
    {
        if (Mtu is < 256 or > 65_535)
        {
            throw new ArgumentOutOfRangeException(nameof(Mtu), Mtu, "The SCTP MTU must be 256 to 65535 bytes.");
        }

        if (Streams == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Streams), Streams, "At least one stream is needed.");
        }

        if (MaxInboundMessageSize < 1 || MaxOutboundMessageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInboundMessageSize), "Message size limits must be positive.");
        }

        if (ReceiveBufferSize < MaxInboundMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), ReceiveBufferSize, "The receive buffer must hold the largest inbound message.");
        }

        if (SendBufferSize < MaxOutboundMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(SendBufferSize), SendBufferSize, "The send buffer must hold the largest outbound message.");
        }

        if (MinRtoMs < 1 || InitialRtoMs < MinRtoMs || MaxRtoMs < InitialRtoMs)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRtoMs), "Need 1 <= MinRtoMs <= InitialRtoMs <= MaxRtoMs.");
        }

        if (MaxRetransmissions < 1 || MaxInitRetransmissions < 1 || DelayedAckMs < 0 || CookieLifetimeMs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetransmissions), "Retransmission limits and timers must be positive.");
        }
    }
}
