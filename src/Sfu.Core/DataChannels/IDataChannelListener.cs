using Sfu.Core.Sctp;

namespace Sfu.Core.DataChannels;

/// <summary>
/// What a <see cref="DataChannelTransport"/> tells its owner (the room layer), on the owning media worker's thread.
/// Payload spans are valid only during the call; the callbacks may send on any channel.
/// </summary>
public interface IDataChannelListener
{
    /// <summary>A channel is open: the peer opened it (we answered the ACK), or the peer acknowledged ours.</summary>
    void OnDataChannelOpened(DataChannel channel);

    /// <summary>A message; <paramref name="isBinary"/> is false for text (UTF-8). Empty messages arrive as empty spans.</summary>
    void OnDataChannelMessage(DataChannel channel, ReadOnlySpan<byte> payload, bool isBinary);

    /// <summary>The channel closed (both stream directions reset, or the association ended).</summary>
    void OnDataChannelClosed(DataChannel channel);

    /// <summary>The SCTP association changed state (<see cref="SctpAssociationState.Established"/>: channels can open).</summary>
    void OnDataChannelTransportStateChanged(DataChannelTransport transport, SctpAssociationState state);
}
