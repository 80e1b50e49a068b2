using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>
/// A minimal WebRTC peer built from our own pieces, over a real UDP socket on 127.0.0.1: it checks the server with
/// STUN (as an ICE controlling agent), runs the DTLS client handshake and protects/unprotects SRTP. Tests use it
/// to drive the media engine end to end without a browser.
/// </summary>
internal sealed class LoopbackPeer : IDtlsTransportListener, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[4096];
    private IPEndPoint? _server;
    private DtlsTransport? _dtls;
    private SrtpKeyingMaterial? _keys;
    private long _handshakeStart;

    public LoopbackPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 200;
        Certificate = DtlsCertificate.Generate("peer");
        Ice = IceCredentials.Generate();
    }

    public DtlsCertificate Certificate { get; }

    public IceCredentials Ice { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public SrtpContext? Outbound { get; private set; }

    public SrtpContext? Inbound { get; private set; }

    /// <summary>A sendrecv audio+video offer the way Chromium writes its essentials, with our ICE and fingerprint.</summary>
    public string CreateOffer(uint audioSsrc, uint videoSsrc) => string.Join("\r\n", new[]
    {
        "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1", "a=extmap-allow-mixed", "a=msid-semantic: WMS s",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ice.Ufrag}", $"a=ice-pwd:{Ice.Password}", $"a=fingerprint:{Certificate.Fingerprint}", "a=setup:actpass", "a=mid:0",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendrecv", "a=msid:s a", "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", $"a=ssrc:{audioSsrc} cname:peer",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ice.Ufrag}", $"a=ice-pwd:{Ice.Password}", $"a=fingerprint:{Certificate.Fingerprint}", "a=setup:actpass", "a=mid:1",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendrecv", "a=msid:s v", "a=rtcp-mux", "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
        $"a=ssrc:{videoSsrc} cname:peer", "",
    });

    /// <summary>Sends a binding request (USE-CANDIDATE) with the given password and returns the parsed response class, or null on timeout.</summary>
    public StunClass? Check(IPEndPoint server, string serverUfrag, string serverPassword)
    {
        _server = server;
        Span<byte> tx = stackalloc byte[12];
        RandomNumberGenerator.Fill(tx);
        Span<byte> request = stackalloc byte[512];
        var w = new StunMessageWriter(request, StunClass.Request, StunMethod.Binding, tx);
        w.AddUsername(Encoding.ASCII.GetBytes($"{serverUfrag}:{Ice.Ufrag}"));
        w.AddPriority(1853824767);
        w.AddIceControlling(0x1122334455667788);
        w.AddUseCandidate();
        w.AddMessageIntegrity(Encoding.ASCII.GetBytes(serverPassword));
        w.AddFingerprint();
        _socket.SendTo(w.WrittenSpan, server);
        for (int i = 0; i < 10; i++)
        {
            int n = Receive();
            if (n > 0 && StunMessage.TryParse(_buffer.AsSpan(0, n), out var response) == StunParseError.None && response.TransactionId.SequenceEqual(tx))
            {
                return response.Class;
            }
        }

        return null;
    }

    /// <summary>Runs the DTLS client handshake against the server's answer fingerprint; true when connected.</summary>
    public bool Handshake(DtlsFingerprint serverFingerprint, TimeSpan timeout)
    {
        StartHandshake(serverFingerprint);
        return CompleteHandshake(timeout, retransmit: true);
    }

    /// <summary>Sends the DTLS ClientHello (once; <see cref="CompleteHandshake"/> goes on).</summary>
    public void StartHandshake(DtlsFingerprint serverFingerprint)
    {
        _dtls = new DtlsTransport(Certificate, DtlsRole.Client, this);
        _dtls.SetRemoteFingerprint(serverFingerprint);
        _handshakeStart = Environment.TickCount64;
        _dtls.Start(0);
    }

    /// <summary>
    /// Answers the server's flights until the handshake completes or the timeout passes; true when connected.
    /// <paramref name="retransmit"/> false: the peer never resends a flight, so only what the server received counts.
    /// </summary>
    public bool CompleteHandshake(TimeSpan timeout, bool retransmit)
    {
        var dtls = _dtls ?? throw new InvalidOperationException("StartHandshake first.");
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (dtls.State is DtlsState.New or DtlsState.Connecting && Environment.TickCount64 < deadline)
        {
            int n = Receive();
            long now = Environment.TickCount64 - _handshakeStart;
            if (n > 0 && _buffer[0] >= 20 && _buffer[0] <= 63)
            {
                dtls.ProcessDatagram(_buffer.AsSpan(0, n), now);
            }
            else if (retransmit && now >= dtls.NextTimerMs)
            {
                dtls.OnTimer(now);
            }
        }

        if (_keys is null)
        {
            return false;
        }

        Outbound = new SrtpContext(_keys.Profile, _keys.ClientKey, _keys.ClientSalt);
        Inbound = new SrtpContext(_keys.Profile, _keys.ServerKey, _keys.ServerSalt);
        return true;
    }

    /// <summary>Sends a VP8 or Opus RTP packet carrying the mid header extension, SRTP-protected.</summary>
    public void SendRtp(byte payloadType, ushort seq, uint ssrc, string mid, ReadOnlySpan<byte> payload)
    {
        Span<byte> packet = stackalloc byte[1500];
        int n = RtpPacketWriter.WriteHeader(packet, payloadType, seq, seq * 3000u, ssrc);
        RtpPacketWriter.SetExtension(packet, true);
        var ext = new RtpHeaderExtensionWriter(packet[n..]);
        ext.Add(4, Encoding.ASCII.GetBytes(mid));
        n += ext.Finish();
        payload.CopyTo(packet[n..]);
        n += payload.Length;
        Assert.Equal(SrtpError.Ok, Outbound!.ProtectRtp(packet, n, out int protectedLength));
        _socket.SendTo(packet[..protectedLength], _server!);
    }

    /// <summary>Sends an SRTCP-protected compound packet.</summary>
    public void SendRtcp(ReadOnlySpan<byte> rtcp)
    {
        Span<byte> packet = stackalloc byte[1500];
        rtcp.CopyTo(packet);
        Assert.Equal(SrtpError.Ok, Outbound!.ProtectRtcp(packet, rtcp.Length, out int n));
        _socket.SendTo(packet[..n], _server!);
    }

    /// <summary>Sends raw bytes from this peer's address.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, _server!);

    /// <summary>Receives until a decrypted RTP or RTCP packet matches; returns its bytes, or null on timeout.</summary>
    public byte[]? ReceiveMedia(Func<byte[], bool> match, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            int n = Receive();
            if (n <= 0 || _buffer[0] < 128 || _buffer[0] > 191)
            {
                continue;
            }

            var span = _buffer.AsSpan(0, n);
            bool rtcp = RtpHeader.IsRtcp(span);
            var err = rtcp ? Inbound!.UnprotectRtcp(span, out int plain) : Inbound!.UnprotectRtp(span, out plain);
            if (err == SrtpError.Ok)
            {
                var bytes = span[..plain].ToArray();
                if (match(bytes))
                {
                    return bytes;
                }
            }
        }

        return null;
    }

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

    void IDtlsTransportListener.OnDtlsFailed(DtlsFailure failure, string detail) => throw new InvalidOperationException($"peer DTLS failed: {failure} {detail}");

    void IDtlsTransportListener.OnDtlsApplicationData(ReadOnlySpan<byte> data)
    {
    }

    void IDtlsTransportListener.OnDtlsClosed()
    {
    }

    public void Dispose()
    {
        _dtls?.Dispose();
        Outbound?.Dispose();
        Inbound?.Dispose();
        Certificate.Dispose();
        _socket.Dispose();
    }
}
