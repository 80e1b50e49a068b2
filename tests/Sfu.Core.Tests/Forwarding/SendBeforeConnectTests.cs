namespace Sfu.Core.Tests.Forwarding;

/// <summary>Before a subscriber's transport connects, nothing is sent (and so nothing fails); media starts once it is.</summary>
public class SendBeforeConnectTests
{
    [Fact]
    public void AudioIsNotSentBeforeTheTransportConnectsAndStartsWithTheNextPacketAfter()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("subscriber") { Connected = false };
        var down = h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(0x1111_0001, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        for (int i = 0; i < 10; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus((byte)i)));
            mic.NextFrame(960);
        }

        Assert.Equal(0, subscriber.RtpRefused); // not tried, so not counted as a failed send
        Assert.Equal(0, down.SendFailures);

        subscriber.Connected = true;
        h.Send(publisher, mic.Next(RtpPackets.Opus(42)));
        h.Send(publisher, mic.Next(RtpPackets.Opus(43)));
        var sent = subscriber.SentWithSsrc(0xA1).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(RtpPackets.Opus(42), sent[0].Payload);
        Assert.Equal((ushort)(sent[0].SequenceNumber + 1), sent[1].SequenceNumber);
    }
}
