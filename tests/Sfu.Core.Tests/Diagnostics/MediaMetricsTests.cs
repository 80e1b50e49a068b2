using System.Diagnostics.Metrics;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Tests.Diagnostics;

public sealed class MediaMetricsTests
{
    [Fact]
    public void TrafficCountedOnSeveralThreadsIsSummedWhenCollected()
    {
        using var metrics = new MediaMetrics();
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                lock (seen)
                {
                    seen[$"{i.Name}/{tag.Value}"] = value;
                }
            }
        });
        listener.Start();

        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                metrics.RtpReceived(100);
                metrics.Forwarded(video: true, 50);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        metrics.RtcpSent(40);

        listener.RecordObservableInstruments();
        Assert.Equal(3000, seen["sfu.media.packets.received/rtp"]);
        Assert.Equal(300_000, seen["sfu.media.bytes.received/rtp"]);
        Assert.Equal(0, seen["sfu.media.packets.received/dtls"]);
        Assert.Equal(1, seen["sfu.media.packets.sent/rtcp"]);
        Assert.Equal(40, seen["sfu.media.bytes.sent/rtcp"]);
        Assert.Equal(3000, seen["sfu.forwarding.packets.sent/video"]);
        Assert.Equal(150_000, seen["sfu.forwarding.bytes.sent/video"]);
        Assert.Equal(0, seen["sfu.forwarding.packets.sent/audio"]);
    }
}
