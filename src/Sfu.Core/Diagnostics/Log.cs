using Microsoft.Extensions.Logging;

namespace Sfu.Core.Diagnostics;

/// <summary>Source-generated log messages of the media engine.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Dropped datagram ({Reason}): {Detail} from {Remote} ({Suppressed} similar suppressed)")]
    public static partial void Dropped(ILogger logger, string reason, string detail, string remote, long suppressed);

    [LoggerMessage(2, LogLevel.Information, "Media worker {Worker} listening on UDP {Endpoint}")]
    public static partial void WorkerListening(ILogger logger, int worker, string endpoint);

    [LoggerMessage(3, LogLevel.Information, "Transport {Transport} state {State}")]
    public static partial void TransportState(ILogger logger, string transport, string state);

    [LoggerMessage(4, LogLevel.Warning, "Transport {Transport} DTLS failed ({Failure}): {Detail}")]
    public static partial void DtlsFailed(ILogger logger, string transport, string failure, string detail);

    [LoggerMessage(5, LogLevel.Error, "Media worker {Worker} caught an unexpected error while handling a datagram; the datagram was dropped")]
    public static partial void WorkerError(ILogger logger, Exception exception, int worker);

    [LoggerMessage(6, LogLevel.Information, "Transport {Transport} connected: DTLS {Role}, SRTP {Profile}, remote {Remote}")]
    public static partial void TransportConnected(ILogger logger, string transport, string role, string profile, string remote);

    [LoggerMessage(EventId = 7, Message = "Send failed ({Reason}): {Detail} to {Remote} ({Suppressed} similar suppressed)")]
    public static partial void SendFailed(ILogger logger, LogLevel level, string reason, string detail, string remote, long suppressed);

    [LoggerMessage(8, LogLevel.Information, "Media worker {Worker} sends with {Sender} and wakes for control work with {Waiter}")]
    public static partial void WorkerIo(ILogger logger, int worker, string sender, string waiter);
}
