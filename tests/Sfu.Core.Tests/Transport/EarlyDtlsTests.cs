using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>
/// DTLS that comes before the transport knows its role and the peer's fingerprint (a server offer whose answer is
/// still on its way through signaling while the browser's ClientHello already arrived) is kept and handled when the
/// answer is applied, instead of waiting for the browser to retransmit.
/// </summary>
public sealed class EarlyDtlsTests : IDisposable
{
    private readonly MediaMetrics _metrics = new();
    private readonly MediaEngine _engine;

    public EarlyDtlsTests()
    {
        _engine = new MediaEngine(new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance, _metrics);
        _engine.Start();
    }

    [Fact]
    public async Task AClientHelloSentBeforeTheAnswerCompletesTheHandshakeOnceTheAnswerIsApplied()
    {
        var worker = _engine.Workers[0];
        var ice = IceCredentials.Generate();
        var listener = new StateListener();
        var transport = await worker.InvokeAsync(() => worker.CreateTransport(new WebRtcTransportOptions { LocalIce = ice, Name = "early" }, listener));
        var candidate = _engine.GetCandidates(worker)[0];
        var server = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        using var peer = new LoopbackPeer();
        Assert.Equal(StunClass.SuccessResponse, peer.Check(server, ice.Ufrag, ice.Password));

        // The ClientHello goes once, before the server has the answer.
        peer.StartHandshake(worker.Certificate.Fingerprint);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await worker.InvokeAsync(() => transport.EarlyDtlsDatagramCount) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(await worker.InvokeAsync(() => transport.EarlyDtlsDatagramCount) > 0, "the ClientHello never reached the transport");
        Assert.Equal(WebRtcTransportState.Connecting, await worker.InvokeAsync(() => transport.State));

        // The answer arrives: the handshake goes on from the kept ClientHello; the peer never resends it.
        await worker.InvokeAsync(() =>
        {
            transport.ConfigureDtls(DtlsRole.Server, peer.Certificate.Fingerprint);
            return true;
        });
        Assert.True(peer.CompleteHandshake(TimeSpan.FromSeconds(5), retransmit: false), "the handshake needed the ClientHello again");
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (await worker.InvokeAsync(() => transport.State) != WebRtcTransportState.Connected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(WebRtcTransportState.Connected, await worker.InvokeAsync(() => transport.State));
        Assert.Equal(0, await worker.InvokeAsync(() => transport.EarlyDtlsDatagramCount));
        Assert.Contains(WebRtcTransportState.Connected, listener.States);
        await worker.InvokeAsync(() =>
        {
            transport.Close();
            return true;
        });
    }

    [Fact]
    public void KeepsDatagramsInOrderUpToItsBounds()
    {
        var early = new EarlyDtlsDatagrams();
        Assert.True(early.TryAdd([22, 1, 2]));
        Assert.True(early.TryAdd([22, 3]));
        Assert.Equal(2, early.Count);
        Assert.Equal(new byte[] { 22, 1, 2 }, early[0].ToArray());
        Assert.Equal(new byte[] { 22, 3 }, early[1].ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => early[2].Length);

        // No more than MaxBytes in all...
        Assert.False(early.TryAdd(new byte[EarlyDtlsDatagrams.MaxBytes]));
        Assert.Equal(2, early.Count);

        // ...and no more than MaxDatagrams.
        for (int i = 2; i < EarlyDtlsDatagrams.MaxDatagrams; i++)
        {
            Assert.True(early.TryAdd([22, (byte)i]));
        }

        Assert.False(early.TryAdd([22]));
        Assert.Equal(EarlyDtlsDatagrams.MaxDatagrams, early.Count);
        Assert.Equal(new byte[] { 22, 7 }, early[7].ToArray());

        early.Clear();
        Assert.Equal(0, early.Count);
        Assert.True(early.TryAdd([22, 9]));
        Assert.Equal(new byte[] { 22, 9 }, early[0].ToArray());
    }

    public void Dispose() => _engine.Dispose();

    private sealed class StateListener : IWebRtcTransportListener
    {
        public List<WebRtcTransportState> States { get; } = [];

        public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state) => States.Add(state);

        public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        {
        }

        public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet)
        {
        }
    }
}
