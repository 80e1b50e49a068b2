using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Core.DataChannels;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Sctp;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;

namespace Sfu.Browser.Tests;

/// <summary>
/// Our SCTP and DCEP against Chromium's (dcSCTP): a page's RTCPeerConnection with data channels connects to a bare
/// media transport of the test server's engine, whose data channels echo every message back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DataChannelInteropTests
{
    private readonly BrowserFixture _fixture;

    public DataChannelInteropTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ChromiumChannelsOpenEchoUpTo256KiBAndCloseAgainstOurStack()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/");
        string offer = await page.EvaluateAsync<string>(@"async () => {
            const pc = new RTCPeerConnection();
            window.dc = { pc, echoes: [], lossyEchoes: 0, fromServer: null };
            const reliable = pc.createDataChannel('reliable');
            const lossy = pc.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 });
            reliable.binaryType = 'arraybuffer';
            window.dc.reliable = reliable;
            window.dc.lossy = lossy;
            reliable.onmessage = e => window.dc.echoes.push(typeof e.data === 'string' ? 's:' + e.data : 'b:' + e.data.byteLength + ':' + new Uint8Array(e.data).reduce((a, v) => (a * 31 + v) >>> 0, 7));
            lossy.onmessage = () => window.dc.lossyEchoes++;
            pc.ondatachannel = e => { e.channel.onmessage = m => window.dc.fromServer = e.channel.label + ':' + m.data; };
            await pc.setLocalDescription(await pc.createOffer());
            return pc.localDescription.sdp;
        }");

        var engine = _fixture.Server.Services.GetRequiredService<MediaEngine>();
        var worker = engine.SelectWorker();
        var ice = IceCredentials.Generate();
        var options = new AnswerOptions
        {
            IceUfrag = ice.Ufrag,
            IcePwd = ice.Password,
            Fingerprint = SdpFingerprints.ToSdp(engine.Certificate.Fingerprint),
            DataChannelMaxMessageSize = 262144,
        };
        options.Candidates.AddRange(engine.GetCandidates(worker));
        Assert.True(SdpParser.TryParse(offer, out var parsed, out var error), error);
        var result = SdpNegotiator.CreateAnswer(parsed!, options);
        var data = Assert.Single(result.Media, m => m.Kind == MediaKinds.Application);
        Assert.True(data.Accepted, data.RejectReason);
        Assert.True(SdpFingerprints.TryPick(result.RemoteFingerprints, out var remoteFingerprint));
        var role = result.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;
        var echo = new EchoChannels();
        var transport = await worker.InvokeAsync(() =>
        {
            var t = worker.CreateTransport(new WebRtcTransportOptions { LocalIce = ice, DtlsRole = role, RemoteFingerprint = remoteFingerprint, Name = "dc-interop" }, echo);
            t.AttachDataChannels(echo, new SctpOptions { Mtu = 1150, MaxOutboundMessageSize = (int)data.RemoteMaxMessageSize!.Value });
            return t;
        });

        try
        {
            await page.EvaluateAsync("sdp => window.dc.pc.setRemoteDescription({ type: 'answer', sdp })", SdpWriter.Write(result.Answer));
            await page.WaitForFunctionAsync("window.dc.reliable.readyState === 'open' && window.dc.lossy.readyState === 'open'", null, new() { Timeout = 15_000 });
            // Chromium calls a channel open once its association is up; the server sees the OPEN a moment later.
            Assert.True(SpinWait.SpinUntil(() => echo.Opened.Contains("reliable") && echo.Opened.Contains("lossy"), 5000), "the server saw no DATA_CHANNEL_OPEN");

            // Text, empty, and binary messages up to the negotiated 256 KiB, in order; then lossy ones.
            await page.EvaluateAsync(@"() => {
                const d = window.dc;
                d.expected = [];
                const send = (x, label) => { d.reliable.send(x); d.expected.push(label); };
                send('hello', 's:hello');
                send('', 's:');
                for (const size of [1, 1000, 1200, 5000, 65536, 100000, 262144]) {
                    const b = new Uint8Array(size);
                    for (let i = 0; i < size; i++) b[i] = (i * 7 + size) & 255;
                    send(b, 'b:' + size + ':' + b.reduce((a, v) => (a * 31 + v) >>> 0, 7));
                }
                for (let i = 0; i < 200; i++) send('m' + i, 's:m' + i);
                for (let i = 0; i < 50; i++) d.lossy.send('x' + i);
            }");
            await page.WaitForFunctionAsync("window.dc.echoes.length >= window.dc.expected.length && window.dc.lossyEchoes >= 50", null, new() { Timeout = 20_000 });
            var echoes = await page.EvaluateAsync<string[]>("window.dc.echoes");
            var expected = await page.EvaluateAsync<string[]>("window.dc.expected");
            Assert.Equal(expected, echoes);

            // A channel the server opens (DCEP from our side) reaches the page with its first message.
            await worker.InvokeAsync(() =>
            {
                var channel = transport.DataChannels!.OpenChannel("from-server")!;
                channel.SendText("hi from sfu");
                return true;
            });
            await page.WaitForFunctionAsync("window.dc.fromServer !== null", null, new() { Timeout = 10_000 });
            Assert.Equal("from-server:hi from sfu", await page.EvaluateAsync<string>("window.dc.fromServer"));

            // Closing from the browser resets the stream both ways.
            await page.EvaluateAsync("window.dc.reliable.close()");
            await page.WaitForFunctionAsync("window.dc.reliable.readyState === 'closed'", null, new() { Timeout = 10_000 });
            Assert.True(SpinWait.SpinUntil(() => echo.Closed.Contains("reliable"), 5000), "the server did not see the channel close");
            var stats = await worker.InvokeAsync(() => transport.DataChannels!.Association.Stats);
            Assert.Equal(0, stats.Dropped);
        }
        finally
        {
            await worker.InvokeAsync(() =>
            {
                transport.Close();
                return true;
            });
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Echoes every message on the channel it came from; records channels opened and closed.</summary>
    private sealed class EchoChannels : IDataChannelListener, IWebRtcTransportListener
    {
        public ConcurrentBag<string> Opened { get; } = [];

        public ConcurrentBag<string> Closed { get; } = [];

        public void OnDataChannelOpened(DataChannel channel) => Opened.Add(channel.Label);

        public void OnDataChannelMessage(DataChannel channel, ReadOnlySpan<byte> payload, bool isBinary) => channel.Send(payload, isBinary);

        public void OnDataChannelClosed(DataChannel channel) => Closed.Add(channel.Label);

        public void OnDataChannelTransportStateChanged(DataChannelTransport transport, SctpAssociationState state)
        {
        }

        public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state)
        {
        }

        public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        {
        }

        public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet)
        {
        }
    }
}
