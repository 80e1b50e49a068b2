namespace Sfu.Core.Forwarding;

/// <summary>What the allocator needs to know of a layer: its bitrate, measured over fixed windows, and its frame size.</summary>
public sealed partial class RtpStreamReceiver
{
    private long _windowStart = long.MinValue;
    private long _windowStartBytes;

    /// <summary>The layer's bitrate over the last complete measurement window (bit/s; 0 before one or when silent).</summary>
    public long BitrateBps { get; private set; }

    /// <summary>The frame width seen in the layer's last keyframe (VP8), 0 when unknown.</summary>
    public int Width { get; private set; }

    /// <summary>The frame height seen in the layer's last keyframe (VP8), 0 when unknown.</summary>
    public int Height { get; private set; }

    /// <summary>Closes the measurement window when <paramref name="window"/> ticks have passed since it opened.</summary>
    internal void UpdateBitrate(long now, long window)
    {
        if (_windowStart == long.MinValue)
        {
            _windowStart = now;
            _windowStartBytes = BytesReceived;
            return;
        }

        long elapsed = now - _windowStart;
        if (elapsed < window)
        {
            return;
        }

        BitrateBps = RtpClock.ToUnits((BytesReceived - _windowStartBytes) * 8, elapsed, _frequency);
        _windowStart = now;
        _windowStartBytes = BytesReceived;
    }

    /// <summary>Records the frame size of a keyframe; true when it changed.</summary>
    internal bool SetFrameSize(int width, int height)
    {
        if (width == Width && height == Height)
        {
            return false;
        }

        Width = width;
        Height = height;
        return true;
    }
}
