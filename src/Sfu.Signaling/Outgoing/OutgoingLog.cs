using Microsoft.Extensions.Logging;

namespace Sfu.Signaling.Outgoing;

internal static partial class OutgoingLog
{
    [LoggerMessage(230, LogLevel.Warning, "Connection {Connection} does not read the server's messages: {Messages} messages ({Bytes} bytes) wait, over the limit of {MaxMessages} messages or {MaxBytes} bytes; closing it")]
    public static partial void Overflow(ILogger logger, string connection, int messages, long bytes, int maxMessages, long maxBytes);

    [LoggerMessage(231, LogLevel.Debug, "Sending {Method} to connection {Connection} failed")]
    public static partial void DeliveryFailed(ILogger logger, Exception e, string method, string connection);
}
