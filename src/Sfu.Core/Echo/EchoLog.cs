using Microsoft.Extensions.Logging;

namespace Sfu.Core.Echo;

internal static partial class EchoLog
{
    [LoggerMessage(100, LogLevel.Information, "Echo session {Session} created on media worker {Worker} with {Streams} streams")]
    public static partial void SessionCreated(ILogger logger, string session, int worker, int streams);

    [LoggerMessage(101, LogLevel.Information, "Echo session {Session} closed")]
    public static partial void SessionClosed(ILogger logger, string session);
}
