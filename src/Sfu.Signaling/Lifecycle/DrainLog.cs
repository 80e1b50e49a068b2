using Microsoft.Extensions.Logging;

namespace Sfu.Signaling.Lifecycle;

/// <summary>One line per phase of a drain, with its counts.</summary>
internal static partial class DrainLog
{
    [LoggerMessage(270, LogLevel.Warning, "Draining ({Trigger}): no new rooms, /readyz is 503; {Rooms} rooms with {Participants} participants may go on for up to {TimeoutSeconds} s")]
    public static partial void Began(ILogger logger, string trigger, int rooms, int participants, double timeoutSeconds);

    [LoggerMessage(271, LogLevel.Warning, "Drain wait over after {Seconds:0.0} s ({Why}): {Rooms} rooms with {Participants} participants left")]
    public static partial void WaitOver(ILogger logger, double seconds, string why, int rooms, int participants);

    [LoggerMessage(272, LogLevel.Warning, "Drain moved {Participants} participants of {Rooms} rooms (to {Destination}); {Connections} connections open")]
    public static partial void Moved(ILogger logger, int participants, int rooms, string destination, long connections);

    [LoggerMessage(273, LogLevel.Warning, "Drain done after {Seconds:0.0} s: {Connections} connections still open")]
    public static partial void Done(ILogger logger, double seconds, long connections);

    [LoggerMessage(274, LogLevel.Error, "Moving the participants of room {Room} failed")]
    public static partial void MoveFailed(ILogger logger, Exception exception, string room);
}
