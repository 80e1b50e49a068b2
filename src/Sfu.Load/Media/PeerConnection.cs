using System.Net;
using System.Net.Sockets;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Srtp;
using Sfu.Load.Ice;

namespace Sfu.Load.Media;

/// <summary>
/// The client side of one WebRTC transport, as a browser's RTCPeerConnection runs it towards an ICE-lite SFU: its own
/// UDP socket connected to the server's candidate, a controlling ICE agent (<see cref="IceClientAgent"/>), the DTLS
/// handshake (<see cref="DtlsTransport"/>, usually as client) and SRTP/SRTCP in both directions. What it carries is
/// an <see cref="IPeerMedia"/>.
/// </summary>
/// <remarks>
/// One <see cref="MediaLoop"/> thread owns it: everything but the constructor, <see cref="State"/> and
/// <see cref="Counters"/> runs there. Packets are protected in place in the loop's send buffer and unprotected in
/// place in its receive buffer: nothing is allocated per packet.
/// </remarks>
public sealed partial class PeerConnection : IDtlsTransportListener, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly MediaLoop _loop;
    private readonly DtlsCertificate _certificate;
    private readonly IPeerMedia _media;
    private Socket? _socket;
    private int _descriptor = -1;
    private bool _kernelTimestamps;
    private IceClientAgent? _ice;
    private DtlsTransport? _dtls;
    private SrtpContext? _outbound;
    private SrtpContext? _inbound;
    private RemoteTransport? _remote;
    private int _id = -1;
    private long _startUs;
    private volatile PeerState _state;

    /// <summary>Creates the peer; nothing happens on the network before <see cref="Start"/>.</summary>
    public PeerConnection(MediaLoop loop, string name, DtlsCertificate certificate, IPeerMedia media)
    {
        _loop = loop;
        Name = name;
        _certificate = certificate;
        _media = media;
        LocalIce = IceCredentials.Generate();
    }

    /// <summary>A name for messages ("participant-3/pub").</summary>
    public string Name { get; }

    /// <summary>Our ICE credentials, written in our SDP.</summary>
    public IceCredentials LocalIce { get; }

    /// <summary>Our certificate's fingerprint, written in our SDP.</summary>
    public DtlsFingerprint LocalFingerprint => _certificate.Fingerprint;

    public PeerState State => _state;

    /// <summary>Why the peer failed, once <see cref="State"/> is <see cref="PeerState.Failed"/>.</summary>
    public string? Failure { get; private set; }

    /// <summary>Milliseconds from <see cref="Start"/> to SRTP keys (-1 before).</summary>
    public long ConnectMs { get; private set; } = -1;

    public PeerCounters Counters { get; } = new();

    /// <summary>True when we are the DTLS client (the server answered our actpass with passive): SCTP's even stream ids are ours.</summary>
    public bool IsDtlsClient => _remote?.LocalDtlsRole != DtlsRole.Server;

    /// <summary>The loop that owns this peer.</summary>
    public MediaLoop Loop => _loop;

    /// <summary>
    /// Loop thread: opens the socket towards <paramref name="remote"/> and starts ICE. A later call with new
    /// parameters (a renegotiation) is ignored: the transport is set up once.
    /// </summary>
    internal void Start(RemoteTransport remote, long nowUs)
    {
        if (_state != PeerState.New)
        {
            return;
        }

        _remote = remote;
        _startUs = nowUs;
        try
        {
            var socket = new Socket(remote.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.IsLoopback(remote.EndPoint.Address) ? IPAddress.Loopback : IPAddress.Any, 0));
            socket.Connect(remote.EndPoint);
            socket.Blocking = false;
            TrySetBuffer(socket);
            _kernelTimestamps = _loop.ReceiveBatch is not null && ReceiveBatch.TryEnableTimestamps(socket);
            _socket = socket;
            _descriptor = (int)socket.SafeHandle.DangerousGetHandle();
            _id = _loop.Register(this, socket);
        }
        catch (SocketException e)
        {
            Fail($"cannot open a UDP socket to {remote.EndPoint}: {e.Message}");
            return;
        }

        _ice = new IceClientAgent(LocalIce.Ufrag, remote.IceUfrag, remote.IcePassword, ConnectTimeout, ConsentInterval, ConsentTimeout);
        _ice.Start(nowUs / 1000);
        _state = PeerState.Checking;
    }

    /// <summary>Loop thread: timers (ICE checks and consent, DTLS retransmissions) and the media's tick.</summary>
    internal void OnTick(long nowUs)
    {
        var state = _state;
        if (state is PeerState.New or PeerState.Failed or PeerState.Closed)
        {
            return;
        }

        long nowMs = nowUs / 1000;
        if (_ice!.NextTimerMs <= nowMs)
        {
            int length = _ice.Poll(nowMs, _loop.SendBuffer);
            if (length > 0)
            {
                Send(_loop.SendBuffer.AsSpan(0, length));
            }
            else if (_ice.State == IceClientState.Failed)
            {
                Fail(state == PeerState.Checking
                    ? $"no ICE check to {_remote!.EndPoint} was answered within {ConnectTimeout.TotalSeconds:0} s"
                    : $"ICE consent to {_remote!.EndPoint} expired (no answer for {ConsentTimeout.TotalSeconds:0} s)");
                return;
            }
        }

        if (_dtls is not null && _dtls.NextTimerMs <= nowMs)
        {
            _dtls.OnTimer(nowMs);
        }

        if (_state == PeerState.Connected)
        {
            _media.OnTick(this, nowUs);
        }
    }

    /// <summary>Loop thread: stops ICE and DTLS (close_notify), closes the socket. Idempotent.</summary>
    internal void Close()
    {
        if (_state is PeerState.Closed)
        {
            return;
        }

        if (_state != PeerState.Failed)
        {
            _state = PeerState.Closed;
        }

        _ice?.Stop();
        _dtls?.Close();
        ReleaseResources();
    }

    /// <summary>
    /// Loop thread: drops the receiving SRTP state of <paramref name="ssrc"/>, whose stream ended (its m-section went
    /// away or carries another track), as a browser does: the inbound context holds a bounded number of SSRCs, and a
    /// subscriber that stays sees many more than that come and go.
    /// </summary>
    public void ReleaseReceivedSsrc(uint ssrc) => _inbound?.RemoveSsrc(ssrc);

    /// <summary>Loop thread: sends one plain RTP packet, SRTP-protected in place (the buffer needs room for the tag).</summary>
    public void SendRtp(Span<byte> buffer, int length)
    {
        if (_outbound is null)
        {
            return;
        }

        if (_outbound.ProtectRtp(buffer, length, out int protectedLength) != SrtpError.Ok)
        {
            Counters.SendErrors++;
            return;
        }

        if (Send(buffer[..protectedLength]))
        {
            Counters.RtpSent++;
            Counters.RtpBytesSent += length;
        }
    }

    /// <summary>Loop thread: sends one plain compound RTCP packet, SRTCP-protected in place.</summary>
    public void SendRtcp(Span<byte> buffer, int length)
    {
        if (_outbound is null)
        {
            return;
        }

        if (_outbound.ProtectRtcp(buffer, length, out int protectedLength) != SrtpError.Ok)
        {
            Counters.SendErrors++;
            return;
        }

        if (Send(buffer[..protectedLength]))
        {
            Counters.RtcpSent++;
        }
    }

    /// <summary>Loop thread: sends one SCTP packet as a DTLS record (data channels); false before DTLS is connected.</summary>
    public bool SendApplicationData(ReadOnlySpan<byte> data)
    {
        if (_state != PeerState.Connected || _dtls is null)
        {
            return false;
        }

        if (!_dtls.SendApplicationData(data))
        {
            Counters.SendErrors++;
            return false;
        }

        return true;
    }

    private bool Send(ReadOnlySpan<byte> datagram)
    {
        if (_socket is null)
        {
            return false;
        }

        _socket.Send(datagram, SocketFlags.None, out SocketError error);
        if (error != SocketError.Success)
        {
            Counters.SendErrors++;
            return false;
        }

        return true;
    }

    private void Fail(string reason)
    {
        if (_state is PeerState.Failed or PeerState.Closed)
        {
            return;
        }

        Failure = reason;
        _state = PeerState.Failed;
        _ice?.Stop();
        ReleaseResources();
    }

    private void ReleaseResources()
    {
        if (_socket is not null)
        {
            _loop.Unregister(_id, _socket);
            _socket.Dispose();
            _socket = null;
            _descriptor = -1;
        }

        _dtls?.Dispose();
        _dtls = null;
        _outbound?.Dispose();
        _outbound = null;
        _inbound?.Dispose();
        _inbound = null;
    }

    private static void TrySetBuffer(Socket socket)
    {
        // Bursts of keyframe packets and a loop that was not scheduled for a few ms must not overflow the defaults.
        try
        {
            socket.ReceiveBufferSize = 1 << 20;
            socket.SendBufferSize = 1 << 20;
        }
        catch (SocketException)
        {
            // The kernel caps the sizes (net.core.rmem_max); what it grants is fine.
        }
    }

    /// <summary>Frees the socket and crypto state; the loop calls it when the peer is closed.</summary>
    public void Dispose() => ReleaseResources();
}
