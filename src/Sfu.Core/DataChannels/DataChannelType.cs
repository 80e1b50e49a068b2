namespace Sfu.Core.DataChannels;

/// <summary>Channel types of DATA_CHANNEL_OPEN (RFC 8832 5.1): reliability, and 0x80 for unordered.</summary>
public enum DataChannelType : byte
{
    Reliable = 0x00,
    ReliableUnordered = 0x80,

    /// <summary>At most the reliability parameter's number of retransmissions.</summary>
    PartialReliableRexmit = 0x01,
    PartialReliableRexmitUnordered = 0x81,

    /// <summary>Retransmitted for at most the reliability parameter's milliseconds.</summary>
    PartialReliableTimed = 0x02,
    PartialReliableTimedUnordered = 0x82,
}
