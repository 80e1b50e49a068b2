namespace Sfu.Core.DataChannels;

/// <summary>Where a <see cref="DataChannelTransport"/> sends its SCTP packets: a DTLS transport (one record each).</summary>
public interface IDataChannelPacketSink
{
    void SendSctpPacket(ReadOnlySpan<byte> packet);
}
