using Microsoft.Extensions.Logging;

namespace Sfu.Signaling.Rooms;

internal static partial class RoomLog
{
    [LoggerMessage(200, LogLevel.Information, "Room {Room} created on media worker {Worker}")]
    public static partial void RoomCreated(ILogger logger, string room, int worker);

    [LoggerMessage(201, LogLevel.Information, "Room {Room} closed")]
    public static partial void RoomClosed(ILogger logger, string room);

    [LoggerMessage(202, LogLevel.Information, "Participant {Participant} ({Name}) joined room {Room}")]
    public static partial void Joined(ILogger logger, string participant, string name, string room);

    [LoggerMessage(203, LogLevel.Information, "Participant {Participant} left room {Room}: {Reason}")]
    public static partial void Left(ILogger logger, string participant, string room, string reason);

    [LoggerMessage(204, LogLevel.Information, "Participant {Participant} published {Kind} track {Track} ({Source})")]
    public static partial void Published(ILogger logger, string participant, string kind, string track, string source);

    [LoggerMessage(205, LogLevel.Information, "Participant {Participant} unpublished track {Track}")]
    public static partial void Unpublished(ILogger logger, string participant, string track);

    [LoggerMessage(206, LogLevel.Information, "Participant {Participant} lost its connection; kept for {Seconds} s")]
    public static partial void ConnectionLost(ILogger logger, string participant, int seconds);

    [LoggerMessage(207, LogLevel.Information, "Participant {Participant} resumed")]
    public static partial void Resumed(ILogger logger, string participant);

    [LoggerMessage(208, LogLevel.Warning, "Participant {Participant} cannot receive track {Track}: {Reason}")]
    public static partial void TrackUnavailable(ILogger logger, string participant, string track, string reason);

    [LoggerMessage(209, LogLevel.Error, "Room {Room}: the command '{Command}' failed unexpectedly")]
    public static partial void CommandFailed(ILogger logger, Exception e, string command, string room);

    [LoggerMessage(210, LogLevel.Information, "Participant {Participant} in room {Room} is replaced by a new join with its identity")]
    public static partial void Replaced(ILogger logger, string participant, string room);

    [LoggerMessage(230, LogLevel.Debug, "Room {Room}: {Count} active speakers, the loudest {Loudest}")]
    public static partial void ActiveSpeakers(ILogger logger, string room, int count, string loudest);

    [LoggerMessage(211, LogLevel.Information, "Participant {Participant}: its {Transport} transport lost ICE consent with its signaling connection there; ICE restarts (it leaves if consent stays lost for {Seconds} s)")]
    public static partial void ConsentLostWhileConnected(ILogger logger, string participant, string transport, int seconds);

    [LoggerMessage(212, LogLevel.Information, "Participant {Participant}: every transport has ICE consent again")]
    public static partial void MediaReconnected(ILogger logger, string participant);
}
