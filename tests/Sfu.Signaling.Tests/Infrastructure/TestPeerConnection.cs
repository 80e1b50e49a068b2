using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Srtp;

namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>
/// The client's end of one of a participant's transports, played by the test over a real UDP socket on 127.0.0.1:
/// an ICE check (controlling, USE-CANDIDATE) to the server's candidate, the DTLS client handshake, SRTP and SRTCP,
/// and <see cref="Close"/>, which sends DTLS close_notify as a browser does when its peer connection closes.
/// Not thread-safe: one test drives it.
/// </summary>
public sealed class TestPeerConnection : IDtlsTransportListener, IDisposable
{
    private Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[4096];
    private readonly long _start = Environment.TickCount64;
    private IPEndPoint? _server;
    private string _serverUfrag = "";
    private string _serverPassword = "";
    private DtlsTransport? _dtls;
    private SrtpKeyingMaterial? _keys;
    private SrtpContext? _outbound;

    public TestPeerConnection()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 100;
        Certificate = DtlsCertificate.Generate("test-peer");
        Ice = IceCredentials.Generate();
    }

    public DtlsCertificate Certificate { get; }

    public IceCredentials Ice { get; }

    /// <summary>A publisher offer of one Opus and one VP8 stream with these SSRCs, with this peer's ICE credentials and fingerprint.</summary>
    public string PublishOffer(uint audioSsrc, uint videoSsrc) => string.Join("\r\n", new[]
    {
        "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1", "a=msid-semantic: WMS s",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ice.Ufrag}", $"a=ice-pwd:{Ice.Password}", $"a=fingerprint:{Certificate.Fingerprint}", "a=setup:actpass", "a=mid:0",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendonly", "a=msid:s a", "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", $"a=ssrc:{audioSsrc} cname:peer",
        "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ice.Ufrag}", $"a=ice-pwd:{Ice.Password}", $"a=fingerprint:{Certificate.Fingerprint}", "a=setup:actpass", "a=mid:1",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendonly", "a=msid:s v", "a=rtcp-mux", "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", $"a=ssrc:{videoSsrc} cname:peer", "",
    });

    /// <summary>This peer's answer to a subscriber offer: every m-section accepted, DTLS active (the client).</summary>
    public string AnswerFor(string offerSdp)
    {
        Assert.True(SdpParser.TryParse(offerSdp, out var offer, out var error), error);
        var parts = Certificate.Fingerprint.ToString().Split(' ', 2);
        var answer = SdpNegotiator.CreateAnswer(offer!, new AnswerOptions
        {
            IceUfrag = Ice.Ufrag,
            IcePwd = Ice.Password,
            IceLite = false,
            Fingerprint = new SdpFingerprint(parts[0], parts[1]),
            Setup = DtlsSetup.Active,
        });
        return SdpWriter.Write(answer.Answer);
    }

    /// <summary>Checks the server's candidate from <paramref name="serverSdp"/> (its answer or offer) and runs the DTLS handshake.</summary>
    public void Connect(string serverSdp, TimeSpan? timeout = null)
    {
        Assert.True(SdpParser.TryParse(serverSdp, out var sdp, out var error), error);
        var media = sdp!.Media[0];
        var candidate = media.Candidates.First(c => c.Address == "127.0.0.1");
        _server = new IPEndPoint(IPAddress.Loopback, candidate.Port);
        _serverUfrag = sdp.EffectiveIceUfrag(media)!;
        _serverPassword = sdp.EffectiveIcePwd(media)!;
        Assert.True(DtlsFingerprint.TryParse(sdp.EffectiveFingerprints(media)[0].ToString(), out var fingerprint), "the server's fingerprint parses");

        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds;
        while (CheckOnce() != StunClass.SuccessResponse)
        {
            Assert.True(Environment.TickCount64 < deadline, "the server answers the ICE check");
        }

        _dtls = new DtlsTransport(Certificate, DtlsRole.Client, this);
        _dtls.SetRemoteFingerprint(fingerprint);
        _dtls.Start(Now);
        while (_keys is null)
        {
            Assert.True(Environment.TickCount64 < deadline, $"the DTLS handshake completes (state {_dtls.State})");
            int n = Receive();
            if (n > 0 && _buffer[0] is >= 20 and <= 63)
            {
                _dtls.ProcessDatagram(_buffer.AsSpan(0, n), Now);
            }
            else if (Now >= _dtls.NextTimerMs)
            {
                _dtls.OnTimer(Now);
            }
        }

        _outbound = new SrtpContext(_keys.Profile, _keys.ClientKey, _keys.ClientSalt);
    }

    /// <summary>
    /// An ICE restart offered by the server: checks name the credentials of <paramref name="serverSdp"/> from now on.
    /// DTLS and SRTP stay. Returns the class of the first check's response.
    /// </summary>
    public StunClass? RestartIce(string serverSdp)
    {
        Assert.True(SdpParser.TryParse(serverSdp, out var sdp, out var error), error);
        _serverUfrag = sdp!.EffectiveIceUfrag(sdp.Media[0])!;
        _serverPassword = sdp.EffectiveIcePwd(sdp.Media[0])!;
        return CheckOnce();
    }

    /// <summary>A network change: this peer speaks from a new local port from now on (its DTLS and SRTP stay).</summary>
    public int MoveToNewPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 100;
        _socket.Dispose();
        _socket = socket;
        return LocalPort;
    }

    /// <summary>The local UDP port this peer speaks from.</summary>
    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Sends one consent check (a binding request) and returns the response's class, or null without one.</summary>
    public StunClass? CheckOnce()
    {
        Span<byte> transaction = stackalloc byte[12];
        RandomNumberGenerator.Fill(transaction);
        Span<byte> request = stackalloc byte[512];
        var w = new StunMessageWriter(request, StunClass.Request, StunMethod.Binding, transaction);
        w.AddUsername(Encoding.ASCII.GetBytes($"{_serverUfrag}:{Ice.Ufrag}"));
        w.AddPriority(1853824767);
        w.AddIceControlling(0x1122334455667788);
        w.AddUseCandidate();
        w.AddMessageIntegrity(Encoding.ASCII.GetBytes(_serverPassword));
        w.AddFingerprint();
        _socket.SendTo(w.WrittenSpan, _server!);
        for (int i = 0; i < 10; i++)
        {
            int n = Receive();
            if (n > 0 && StunMessage.TryParse(_buffer.AsSpan(0, n), out var response) == StunParseError.None && response.TransactionId.SequenceEqual(transaction))
            {
                return response.Class;
            }
        }

        return null;
    }

    /// <summary>Sends an SRTP-protected RTP packet of <paramref name="ssrc"/> carrying the mid extension (id 4).</summary>
    public void SendRtp(byte payloadType, ushort sequence, uint ssrc, string mid)
    {
        Span<byte> packet = stackalloc byte[1500];
        int n = RtpPacketWriter.WriteHeader(packet, payloadType, sequence, sequence * 3000u, ssrc);
        RtpPacketWriter.SetExtension(packet, true);
        var extensions = new RtpHeaderExtensionWriter(packet[n..]);
        extensions.Add(4, Encoding.ASCII.GetBytes(mid));
        n += extensions.Finish();
        packet.Slice(n, 20).Fill(0x10);
        n += 20;
        Assert.Equal(SrtpError.Ok, _outbound!.ProtectRtp(packet, n, out int length));
        _socket.SendTo(packet[..length], _server!);
    }

    /// <summary>Sends an SRTCP-protected compound packet.</summary>
    public void SendRtcp(ReadOnlySpan<byte> compound)
    {
        Span<byte> packet = stackalloc byte[1500];
        compound.CopyTo(packet);
        Assert.Equal(SrtpError.Ok, _outbound!.ProtectRtcp(packet, compound.Length, out int length));
        _socket.SendTo(packet[..length], _server!);
    }

    /// <summary>Closes the DTLS association: close_notify, as a browser sends when its peer connection closes.</summary>
    public void Close() => _dtls!.Close();

    private long Now => Environment.TickCount64 - _start;

    private int Receive()
    {
        try
        {
            return _socket.Receive(_buffer);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset)
        {
            return 0;
        }
    }

    void IDtlsTransportListener.OnDtlsSendDatagram(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, _server!);

    void IDtlsTransportListener.OnDtlsConnected(SrtpKeyingMaterial keys) => _keys = keys;

    void IDtlsTransportListener.OnDtlsFailed(DtlsFailure failure, string detail) => throw new InvalidOperationException($"the test peer's DTLS failed: {failure} {detail}");

    void IDtlsTransportListener.OnDtlsApplicationData(ReadOnlySpan<byte> data)
    {
    }

    void IDtlsTransportListener.OnDtlsClosed()
    {
    }

    public void Dispose()
    {
        _dtls?.Dispose();
        _outbound?.Dispose();
        Certificate.Dispose();
        _socket.Dispose();
    }
}
