using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Echo;
using Sfu.Core.Ice;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Tests.Transport;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Echo;

/// <summary>
/// The echo test end to end through real UDP sockets on 127.0.0.1: ICE-lite, DTLS, SRTP, demultiplexing,
/// SSRC rewriting and keyframe requests, with our own loopback peer in place of a browser.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class EchoServiceTests : IDisposable
{
    private const uint AudioSsrc = 0x11111111;
    private const uint VideoSsrc = 0x22222222;

    private readonly MediaMetrics _metrics = new();
    private readonly MediaEngine _engine;
    private readonly EchoService _echo;

    public EchoServiceTests()
    {
        _engine = new MediaEngine(new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance, _metrics);
        _engine.Start();
        _echo = new EchoService(_engine, NullLogger<EchoService>.Instance);
    }

    [Fact]
    public async Task EchoesRtpUnderTheAnswersSsrcAndTurnsPliIntoPliForTheSender()
    {
        using var peer = new LoopbackPeer();
        var (answer, server) = await ConnectAsync(peer);
        uint echoedVideo = AnswerSsrc(answer, "1");
        uint echoedAudio = AnswerSsrc(answer, "0");

        byte[] payload = { 0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0xAA, 0xBB, 0xCC };
        peer.SendRtp(96, 1000, VideoSsrc, "1", payload);

        // The first video packet makes the server ask the browser for a keyframe, so the echo starts at once.
        var firstPli = peer.ReceiveMedia(p => IsPliFor(p, VideoSsrc), TimeSpan.FromSeconds(2));
        Assert.NotNull(firstPli);

        peer.SendRtp(96, 1001, VideoSsrc, "1", payload);
        var echoed = peer.ReceiveMedia(p => !RtpHeader.IsRtcp(p) && Header(p).SequenceNumber == 1001, TimeSpan.FromSeconds(2));
        Assert.NotNull(echoed);
        var h = Header(echoed!);
        Assert.Equal(echoedVideo, h.Ssrc);
        Assert.Equal(96, h.PayloadType);
        Assert.Equal(payload, h.GetPayload(echoed).ToArray());

        peer.SendRtp(111, 7, AudioSsrc, "0", new byte[] { 1, 2, 3 });
        var audio = peer.ReceiveMedia(p => !RtpHeader.IsRtcp(p) && Header(p).SequenceNumber == 7, TimeSpan.FromSeconds(2));
        Assert.Equal(echoedAudio, Header(audio!).Ssrc);

        // The browser asks for a keyframe on the echoed stream: the server asks the browser's own stream.
        await Task.Delay(350);
        var pli = new byte[PictureLossIndication.Length];
        PictureLossIndication.Write(pli, AudioSsrc, echoedVideo);
        peer.SendRtcp(pli);
        Assert.NotNull(peer.ReceiveMedia(p => IsPliFor(p, VideoSsrc), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task RtxProbesAreNotEchoed()
    {
        using var peer = new LoopbackPeer();
        await ConnectAsync(peer);
        peer.SendRtp(97, 50, VideoSsrc, "1", new byte[] { 0, 1, 2, 3 });
        peer.SendRtp(96, 51, VideoSsrc, "1", new byte[] { 0x10, 0, 0, 1 });
        var got = peer.ReceiveMedia(p => !RtpHeader.IsRtcp(p) && Header(p).SequenceNumber is 50 or 51, TimeSpan.FromSeconds(2));
        Assert.NotNull(got);
        Assert.Equal(51, Header(got!).SequenceNumber);
    }

    [Fact]
    public async Task AWrongIcePasswordIsRefusedAndItsSenderCannotSpeakDtls()
    {
        using var peer = new LoopbackPeer();
        var answerText = (await _echo.CreateAsync(peer.CreateOffer(AudioSsrc, VideoSsrc))).Sdp;
        Assert.True(SdpParser.TryParse(answerText, out var answer, out _));
        var media = answer!.Media[0];
        var server = new IPEndPoint(IPAddress.Loopback, media.Candidates[0].Port);
        Assert.Equal(StunClass.ErrorResponse, peer.Check(server, media.IceUfrag!, "not-the-password-at-all-0000"));
        Assert.True(DtlsFingerprint.TryParse(media.Fingerprints[0].ToString(), out var fp));
        Assert.False(peer.Handshake(fp, TimeSpan.FromMilliseconds(700)));
    }

    [Fact]
    public async Task GarbageFromAnywhereIsDroppedCountedAndTheSessionKeepsWorking()
    {
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            // Only this test's engine: a listener on every Sfu.Media meter would add work (and allocations) to other
            // tests running in parallel, such as the forwarding allocation tests.
            if (ReferenceEquals(i.Meter, _metrics.Meter) && i.Name == "sfu.media.dropped")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => Interlocked.Add(ref dropped, v));
        listener.Start();

        using var peer = new LoopbackPeer();
        var (answer, server) = await ConnectAsync(peer);
        uint echoedVideo = AnswerSsrc(answer, "1");

        // Junk of every shape from the peer's own (validated) address and from a stranger's.
        using var stranger = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(1234);
        var junk = new byte[1400];
        for (int i = 0; i < 2000; i++)
        {
            int len = random.Next(0, junk.Length);
            random.NextBytes(junk);
            junk[0] = (i % 4) switch { 0 => (byte)random.Next(0, 4), 1 => (byte)random.Next(20, 64), 2 => (byte)random.Next(128, 192), _ => (byte)random.Next(0, 256) };
            if (len > 0)
            {
                peer.SendRaw(junk.AsSpan(0, len));
                stranger.Send(junk, len, server);
            }
        }

        peer.SendRtp(96, 2001, VideoSsrc, "1", new byte[] { 0x10, 0, 0, 9 });
        var echoed = peer.ReceiveMedia(p => !RtpHeader.IsRtcp(p) && Header(p).SequenceNumber == 2001, TimeSpan.FromSeconds(3));
        Assert.NotNull(echoed);
        Assert.Equal(echoedVideo, Header(echoed!).Ssrc);
        listener.RecordObservableInstruments();
        Assert.True(Interlocked.Read(ref dropped) > 2000, $"dropped counter is {dropped}; every junk datagram must be counted");
    }

    [Fact]
    public async Task TheWorkersPacketPathAllocatesNothingPerPacket()
    {
        using var peer = new LoopbackPeer();
        var (answer, _) = await ConnectAsync(peer);
        var worker = _engine.Workers[0];
        var payload = new byte[160];
        for (ushort seq = 1; seq <= 100; seq++)
        {
            peer.SendRtp(111, seq, AudioSsrc, "0", payload);
            if (seq % 20 == 0)
            {
                Assert.NotNull(peer.ReceiveMedia(p => !RtpHeader.IsRtcp(p) && Header(p).SequenceNumber == seq, TimeSpan.FromSeconds(3)));
            }
        }

        // Allocation is counted on the worker thread itself: receive, demultiplex, SRTP unprotect, parse, rewrite, protect, send.
        const int Packets = 2000;
        using var noGc = AllocationMeter.NoGcRegion();
        long before = await worker.InvokeAsync(() => GC.GetAllocatedBytesForCurrentThread());
        long echoedBefore = EchoedPackets(answer);
        for (int i = 0; i < Packets; i++)
        {
            peer.SendRtp(111, (ushort)(1000 + i), AudioSsrc, "0", payload);
            if (i % 20 == 19)
            {
                // Pace the sender by its echoes; on a loaded machine a datagram may be lost, which is fine here.
                peer.ReceiveMedia(p => !RtpHeader.IsRtcp(p) && Header(p).SequenceNumber == (ushort)(1000 + i), TimeSpan.FromSeconds(1));
            }
        }

        long after = await worker.InvokeAsync(() => GC.GetAllocatedBytesForCurrentThread());
        long echoed = EchoedPackets(answer) - echoedBefore;
        Assert.True(echoed > Packets * 9 / 10, $"only {echoed} of {Packets} packets were echoed");
        Assert.True(after - before < Packets / 4, $"the worker allocated {after - before} bytes for {echoed} echoed packets; the packet path must allocate nothing");
    }

    private async Task<(SessionDescription Answer, IPEndPoint Server)> ConnectAsync(LoopbackPeer peer)
    {
        var result = await _echo.CreateAsync(peer.CreateOffer(AudioSsrc, VideoSsrc));
        Assert.True(SdpParser.TryParse(result.Sdp, out var answer, out var error), error);
        var media = answer!.Media[0];
        Assert.True(answer.IceLite);
        Assert.Equal(DtlsSetup.Passive, media.Setup);
        var server = new IPEndPoint(IPAddress.Parse(media.Candidates[0].Address), media.Candidates[0].Port);
        Assert.Equal(StunClass.SuccessResponse, peer.Check(server, media.IceUfrag!, media.IcePwd!));
        Assert.True(DtlsFingerprint.TryParse(media.Fingerprints[0].ToString(), out var fp));
        Assert.True(peer.Handshake(fp, TimeSpan.FromSeconds(5)), "DTLS handshake with the server did not complete");
        return (answer, server);
    }

    /// <summary>Packets the server echoed for the session whose answer this is (its mids and SSRCs identify it).</summary>
    private long EchoedPackets(SessionDescription answer)
    {
        uint audio = AnswerSsrc(answer, "0");
        foreach (var id in _echo.SessionIds)
        {
            if (_echo.TryGet(id, out var s) && s!.Transport is not null && s.OutgoingSsrcs.Contains(audio))
            {
                return s.PacketsEchoed.Values.Sum();
            }
        }

        return 0;
    }

    private static uint AnswerSsrc(SessionDescription answer, string mid)
        => answer.Media.Single(m => m.Mid == mid).SsrcAttributes[0].Ssrc;

    private static RtpHeader Header(byte[] packet)
    {
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out var h));
        return h;
    }

    private static bool IsPliFor(byte[] packet, uint mediaSsrc)
    {
        if (!RtpHeader.IsRtcp(packet))
        {
            return false;
        }

        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out var header, out var rtcp))
        {
            if (header.PacketType == RtcpPacketType.PayloadFeedback && header.Format == 1
                && PictureLossIndication.TryParse(rtcp, out var pli) == RtcpParseError.None && pli.MediaSsrc == mediaSsrc)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        _echo.Dispose();
        _engine.Dispose();
        _metrics.Dispose();
    }
}
