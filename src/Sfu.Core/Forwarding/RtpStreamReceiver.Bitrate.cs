namespace Sfu.Core.Forwarding;

/// <summary>
/// What the allocator and the retransmission ring need to know of a stream: its bitrate and packet rate, measured over
/// fixed windows, and its frame size.
/// </summary>
public sealed partial class RtpStreamReceiver
{
    private long _windowStart = long.MinValue;
    private long _windowStartBytes;
    private long _windowStartPackets;

    /// <summary>The layer's bitrate over the last complete measurement window (bit/s; 0 before one or when silent).</summary>
    public long BitrateBps { get; private set; }

    /// <summary>Packets with payload per second over the last complete measurement window (0 before one).</summary>
    public double PacketRate { get; private set; }

    /// <summary>The frame width seen in the layer's last keyframe (VP8), 0 when unknown.</summary>
    public int Width { get; private set; }

    /// <summary>The frame height seen in the layer's last keyframe (VP8), 0 when unknown.</summary>
    public int Height { get; private set; }

    /// <summary>
    /// Closes the measurement window when <paramref name="window"/> ticks have passed since it opened, and sizes the
    /// retransmission ring for the packet rate measured (the only place it is resized: never on the packet path).
    /// </summary>
    internal void UpdateBitrate(long now, long window)
    {
        long mediaPackets = PacketsReceived - PaddingPacketsReceived;
        if (_windowStart == long.MinValue)
        {
            _windowStart = now;
            _windowStartBytes = BytesReceived;
            _windowStartPackets = mediaPackets;
            return;
        }

        long elapsed = now - _windowStart;
        if (elapsed < window)
        {
            return;
        }

        BitrateBps = RtpClock.ToUnits((BytesReceived - _windowStartBytes) * 8, elapsed, _frequency);
        PacketRate = (mediaPackets - _windowStartPackets) * (double)_frequency / elapsed;
        _windowStart = now;
        _windowStartBytes = BytesReceived;
        _windowStartPackets = mediaPackets;
        Retransmissions?.FitTo(PacketRate);
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
