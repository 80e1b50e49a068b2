namespace Sfu.Signaling.Data;

/// <summary>Limits of room data messages per participant (configuration <c>Sfu:Rooms:Data</c>).</summary>
public sealed class RoomDataOptions
{
    /// <summary>Accept m=application (data channels) on publisher connections. Off: the section is rejected as before.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest payload of one message, in bytes (the topic and destinations not counted).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Messages one participant may send per second on average; bursts of up to one second's worth pass.</summary>
    public int MessagesPerSecond { get; set; } = 500;

    /// <summary>Payload bytes one participant may send per second on average; bursts of up to one second's worth pass.</summary>
    public int BytesPerSecond { get; set; } = 4 * 1024 * 1024;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxMessageBytes is < 1 or > 200 * 1024)
        {
            throw new InvalidOperationException("Sfu:Rooms:Data:MaxMessageBytes must be 1-204800 (the SCTP messages are at most 256 KiB with the envelope).");
        }

        if (MessagesPerSecond < 1 || BytesPerSecond < MaxMessageBytes)
        {
            throw new InvalidOperationException("Sfu:Rooms:Data needs MessagesPerSecond >= 1 and BytesPerSecond >= MaxMessageBytes.");
        }
    }
}
