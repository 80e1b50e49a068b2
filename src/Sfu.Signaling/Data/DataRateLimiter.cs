namespace Sfu.Signaling.Data;

/// <summary>
/// Two token buckets, messages and bytes, each holding one second of its rate and refilled continuously from the
/// media worker's clock. One per participant; used on the worker thread only.
/// </summary>
public sealed class DataRateLimiter
{
    private readonly double _messagesPerMs;
    private readonly double _bytesPerMs;
    private readonly double _messageBurst;
    private readonly double _byteBurst;
    private double _messages;
    private double _bytes;
    private long _lastMs;

    public DataRateLimiter(int messagesPerSecond, int bytesPerSecond, long nowMs)
    {
        _messageBurst = messagesPerSecond;
        _byteBurst = bytesPerSecond;
        _messagesPerMs = messagesPerSecond / 1000.0;
        _bytesPerMs = bytesPerSecond / 1000.0;
        _messages = _messageBurst;
        _bytes = _byteBurst;
        _lastMs = nowMs;
    }

    /// <summary>Takes one message of <paramref name="bytes"/> when both buckets hold enough; else takes nothing.</summary>
    public bool TryTake(int bytes, long nowMs)
    {
        if (nowMs > _lastMs)
        {
            long elapsed = nowMs - _lastMs;
            _messages = Math.Min(_messageBurst, _messages + (elapsed * _messagesPerMs));
            _bytes = Math.Min(_byteBurst, _bytes + (elapsed * _bytesPerMs));
            _lastMs = nowMs;
        }

        if (_messages < 1 || _bytes < bytes)
        {
            return false;
        }

        _messages -= 1;
        _bytes -= bytes;
        return true;
    }
}
