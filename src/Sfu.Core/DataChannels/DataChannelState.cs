namespace Sfu.Core.DataChannels;

/// <summary>Life of a data channel (the RTCDataChannel readyState).</summary>
public enum DataChannelState
{
    /// <summary>We sent DATA_CHANNEL_OPEN and wait for the ACK (messages may already be sent).</summary>
    Connecting,
    Open,

    /// <summary>A stream reset is under way in one direction.</summary>
    Closing,
    Closed,
}
