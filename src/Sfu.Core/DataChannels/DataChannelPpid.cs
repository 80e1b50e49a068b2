namespace Sfu.Core.DataChannels;

/// <summary>SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 8, RFC 8832 8.1).</summary>
public static class DataChannelPpid
{
    /// <summary>DCEP control messages (DATA_CHANNEL_OPEN / ACK).</summary>
    public const uint Dcep = 50;
    public const uint String = 51;

    /// <summary>Deprecated partial binary (never sent by current browsers).</summary>
    public const uint BinaryPartial = 52;
    public const uint Binary = 53;

    /// <summary>Deprecated partial string.</summary>
    public const uint StringPartial = 54;

    /// <summary>An empty string: SCTP cannot carry zero bytes, so one byte (ignored) is sent.</summary>
    public const uint StringEmpty = 56;

    /// <summary>An empty binary message (one ignored byte).</summary>
    public const uint BinaryEmpty = 57;
}
