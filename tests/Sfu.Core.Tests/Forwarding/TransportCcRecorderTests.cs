using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Forwarding;

public class TransportCcRecorderTests
{
    [Fact]
    public void AFullPendingListDropsItsOldestQuarterAndTheFeedbackStartsAfterThem()
    {
        var recorder = new TransportCcRecorder();
        for (int i = 0; i < 1100; i++)
        {
            recorder.OnPacket((ushort)(60_000 + i), 1_000_000 + (i * 1000L)); // crosses the 16-bit wrap
        }

        Assert.Equal(TransportCcRecorder.Capacity / 4, recorder.Overflowed);
        Assert.Equal(1100 - (TransportCcRecorder.Capacity / 4), recorder.PendingCount);

        var buffer = new byte[1500];
        int length = recorder.WriteFeedback(buffer, 1, 2);
        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(buffer.AsSpan(0, length), out var feedback));
        Assert.Equal((ushort)(60_000 + 256), feedback.BaseSequenceNumber);
        Assert.Equal(1100 - 256, feedback.PacketStatusCount);
        Assert.Equal(1100 - 256, feedback.ReceivedPacketCount);
        Assert.Equal(0, recorder.PendingCount);
    }

    [Fact]
    public void RepeatsAreIgnoredAndPacketsOlderThanTheLastFeedbackAreNotReportedAgain()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(10, 1000);
        recorder.OnPacket(10, 2000);
        recorder.OnPacket(12, 3000);
        Assert.Equal(2, recorder.PendingCount);

        var buffer = new byte[1500];
        recorder.WriteFeedback(buffer, 1, 2);
        recorder.OnPacket(11, 4000); // reported lost already
        recorder.OnPacket(13, 5000);
        Assert.Equal(1, recorder.PendingCount);
        int length = recorder.WriteFeedback(buffer, 1, 2);
        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(buffer.AsSpan(0, length), out var feedback));
        Assert.Equal(13, feedback.BaseSequenceNumber);
        Assert.Equal(1, feedback.FeedbackPacketCount);
    }
}
