using Sfu.Signaling.Data;

namespace Sfu.Signaling.Rooms;

/// <summary>Room data (docs/signaling-protocol.md, "Room data"), owned by the room's <see cref="RoomDataChannels"/>.</summary>
public sealed partial class Room
{
    /// <summary>The room's data relay, created with the first data channel; read and used on <see cref="Worker"/> only.</summary>
    public RoomDataRouter? DataRouter => _data.Router;

    /// <summary>
    /// Sends a data message from the server (the admin API) to everyone in the room or to <paramref name="destinations"/>
    /// (participant ids). Returns how many participants' data channels took it.
    /// </summary>
    public Task<int> SendDataAsync(byte[] payload, bool isText, string? topic, bool reliable, IReadOnlyCollection<string>? destinations)
        => Enqueue("send data", () => _data.SendAsync(payload, isText, topic, reliable, destinations));
}
