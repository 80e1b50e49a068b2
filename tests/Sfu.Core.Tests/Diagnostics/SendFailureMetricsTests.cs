using System.Diagnostics.Metrics;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Tests.Diagnostics;

public sealed class SendFailureMetricsTests
{
    [Fact]
    public void EveryReasonIsASeriesFromTheStartAndCountsItsFailures()
    {
        using var metrics = new MediaMetrics();
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter, metrics.Meter) && i.Name == "sfu.media.send_failed")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => seen[(string)tags[0].Value!] = value);
        listener.Start();

        listener.RecordObservableInstruments();
        Assert.Equal(["not_connected", "too_many_ssrcs", "srtp_error", "socket_buffer_full", "socket_error"], seen.Keys);
        Assert.All(seen.Values, v => Assert.Equal(0, v));

        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                metrics.SendFailed(SendFailure.SocketBufferFull);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        metrics.SendFailed(SendFailure.TooManySsrcs);

        listener.RecordObservableInstruments();
        Assert.Equal(3000, seen["socket_buffer_full"]);
        Assert.Equal(1, seen["too_many_ssrcs"]);
        Assert.Equal(0, seen["not_connected"]);
        Assert.Equal(3000, metrics.SendFailures(SendFailure.SocketBufferFull));
    }

    [Fact]
    public void DropReasonNamesAreUnchanged()
    {
        Assert.Equal("unknown_protocol", DropReason.UnknownProtocol.Name());
        Assert.Equal("socket_error", DropReason.SocketError.Name());
        Assert.Equal("unknown_payload_type", DropReason.UnknownPayloadType.Name());
        Assert.Equal("not_connected", SendFailure.NotConnected.Name());
    }
}
