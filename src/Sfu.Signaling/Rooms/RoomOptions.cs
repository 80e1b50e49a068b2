using Sfu.Signaling.Outgoing;

namespace Sfu.Signaling.Rooms;

/// <summary>Options of rooms and participants (configuration section <c>Sfu:Rooms</c>).</summary>
public sealed class RoomOptions
{
    /// <summary>How long a participant whose signaling connection dropped is kept, so it can resume unseen (seconds).</summary>
    public int ReconnectGraceSeconds { get; set; } = 15;

    /// <summary>Participants allowed in one room.</summary>
    public int MaxParticipants { get; set; } = 100;

    /// <summary>Rooms allowed at once.</summary>
    public int MaxRooms { get; set; } = 1000;

    /// <summary>Room data messages over data channels: limits per participant (<c>Sfu:Rooms:Data</c>).</summary>
    public Sfu.Signaling.Data.RoomDataOptions Data { get; set; } = new();

    /// <summary>Tracks one participant may publish at once.</summary>
    public int MaxTracksPerParticipant { get; set; } = 8;

    /// <summary>
    /// Offer NACK and RTX to subscribers, so lost packets are resent from the server's cache (default true).
    /// Off, subscribers recover from loss only by keyframe requests: useful only to measure what NACK is worth.
    /// </summary>
    public bool Nack { get; set; } = true;

    /// <summary>
    /// Messages that may wait to be sent to one client connection (default 1024). A client that does not read (its
    /// socket is full) is disconnected when more wait, or more than <see cref="SignalingQueueBytes"/>.
    /// </summary>
    public int SignalingQueueMessages { get; set; } = OutgoingQueueLimits.Default.Messages;

    /// <summary>Bytes (estimated JSON) that may wait to be sent to one client connection (default 4 MiB).</summary>
    public long SignalingQueueBytes { get; set; } = OutgoingQueueLimits.Default.Bytes;

    /// <summary>The bound of each client connection's outgoing queue.</summary>
    public OutgoingQueueLimits SignalingQueueLimits => new(SignalingQueueMessages, SignalingQueueBytes);

    /// <summary>ICE servers (STUN/TURN) handed to clients at join; empty by default (the server is reachable directly).</summary>
    public List<IceServerOptions> IceServers { get; set; } = new();

    public void Validate()
    {
        if (ReconnectGraceSeconds is < 1 or > 600)
        {
            throw new InvalidOperationException($"Sfu:Rooms:ReconnectGraceSeconds is {ReconnectGraceSeconds}; use 1-600 (default 15).");
        }

        if (MaxParticipants < 1 || MaxRooms < 1 || MaxTracksPerParticipant < 1)
        {
            throw new InvalidOperationException("Sfu:Rooms:MaxParticipants, MaxRooms and MaxTracksPerParticipant must be at least 1.");
        }

        if (SignalingQueueMessages < 8 || SignalingQueueBytes < 16 * 1024)
        {
            throw new InvalidOperationException(
                $"Sfu:Rooms:SignalingQueueMessages is {SignalingQueueMessages} and SignalingQueueBytes {SignalingQueueBytes}; use at least 8 messages and 16384 bytes (defaults 1024 and 4194304).");
        }

        Data.Validate();
    }
}

/// <summary>One ICE server entry.</summary>
public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = new();

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
