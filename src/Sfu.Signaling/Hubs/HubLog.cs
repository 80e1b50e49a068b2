using Microsoft.Extensions.Logging;

namespace Sfu.Signaling.Hubs;

internal static partial class HubLog
{
    [LoggerMessage(220, LogLevel.Information, "Connection {Connection} dropped while its {Call} was in flight; participant {Participant} is {Outcome}")]
    public static partial void AttachAbandoned(ILogger logger, string connection, string call, string participant, string outcome);

    [LoggerMessage(221, LogLevel.Warning, "Closing connection {Connection}: {Reason}")]
    public static partial void Closing(ILogger logger, string connection, string reason);

    [LoggerMessage(222, LogLevel.Debug, "Connection {Connection}: room {Room} lives on node {Node}; Join answered with a redirect")]
    public static partial void Redirected(ILogger logger, string connection, string room, string node);

    [LoggerMessage(223, LogLevel.Information, "Connection {Connection}: participant {Participant} joined, but the publisher offer sent with Join was refused: {Reason}")]
    public static partial void PublishWithJoinRefused(ILogger logger, string connection, string participant, string reason);
}
