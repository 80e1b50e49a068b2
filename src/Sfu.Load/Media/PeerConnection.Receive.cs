using System.Net.Sockets;
using Sfu.Core.Dtls;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;
using Sfu.Load.Ice;

namespace Sfu.Load.Media;

/// <summary>The receive side: demultiplexing (RFC 7983) into ICE, DTLS and SRTP/SRTCP.</summary>
public sealed partial class PeerConnection
{
    /// <summary>Datagrams read per readiness event before the loop serves other peers.</summary>
    private const int MaxDatagramsPerWake = 64;

    /// <summary>
    /// Loop thread: reads what the socket has (up to a fair share) and handles each datagram, as of the time the kernel
    /// received it where the kernel says (see <see cref="ReceiveBatch"/>).
    /// </summary>
    internal void OnReadable(long nowUs)
    {
        if (_kernelTimestamps && _loop.ReceiveBatch is { } batch)
        {
            ReadBatch(batch);
            return;
        }

        byte[] buffer = _loop.ReceiveBuffer;
        for (int i = 0; i < MaxDatagramsPerWake && _socket is not null; i++)
        {
            int n = _socket.Receive(buffer, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                return;
            }

            if (error != SocketError.Success)
            {
                continue; // ICMP port unreachable on a connected socket and the like: the next datagram may be fine
            }

            if (n > 0)
            {
                OnDatagram(buffer.AsSpan(0, n), nowUs);
            }
        }
    }

    /// <summary>One <c>recvmmsg</c> per wake-up: what did not fit is read at the next (epoll is level-triggered).</summary>
    private void ReadBatch(ReceiveBatch batch)
    {
        int n = batch.Receive(_descriptor);
        if (batch.DropCount > Counters.ReceiveBufferDrops)
        {
            Counters.ReceiveBufferDrops = batch.DropCount;
        }

        for (int i = 0; i < n && _socket is not null; i++)
        {
            if (batch.IsTruncated(i))
            {
                Counters.Rejected++;
                continue;
            }

            if (batch.Datagram(i).Length > 0)
            {
                OnDatagram(batch.Datagram(i), batch.ArrivalUs(i));
            }
        }
    }

    private void OnDatagram(Span<byte> datagram, long nowUs)
    {
        byte first = datagram[0];
        if (first <= 3)
        {
            if (_ice!.OnDatagram(datagram, nowUs / 1000) && _state == PeerState.Checking)
            {
                StartDtls(nowUs);
            }
        }
        else if (first is >= 20 and <= 63)
        {
            _dtls?.ProcessDatagram(datagram, nowUs / 1000);
        }
        else if (first is >= 128 and <= 191 && _inbound is not null)
        {
            if (RtpHeader.IsRtcp(datagram))
            {
                if (_inbound.UnprotectRtcp(datagram, out int plain) != SrtpError.Ok)
                {
                    Counters.Rejected++;
                    return;
                }

                Counters.RtcpReceived++;
                _media.OnRtcp(this, datagram[..plain], nowUs);
            }
            else
            {
                if (_inbound.UnprotectRtp(datagram, out int plain) != SrtpError.Ok
                    || RtpHeader.TryParse(datagram[..plain], out RtpHeader header) != RtpParseError.None)
                {
                    Counters.Rejected++;
                    return;
                }

                Counters.RtpReceived++;
                Counters.RtpBytesReceived += plain;
                _media.OnRtp(this, datagram[..plain], header, nowUs);
            }
        }
        else
        {
            Counters.Rejected++;
        }
    }

    private void StartDtls(long nowUs)
    {
        _state = PeerState.Handshaking;
        try
        {
            _dtls = new DtlsTransport(_certificate, _remote!.LocalDtlsRole, this);
            _dtls.SetRemoteFingerprint(_remote.Fingerprint);
            _dtls.Start(nowUs / 1000);
        }
        catch (InvalidOperationException e)
        {
            Fail("DTLS could not start: " + e.Message);
        }
    }

    void IDtlsTransportListener.OnDtlsSendDatagram(ReadOnlySpan<byte> datagram) => Send(datagram);

    void IDtlsTransportListener.OnDtlsConnected(SrtpKeyingMaterial keys)
    {
        bool client = _remote!.LocalDtlsRole == DtlsRole.Client;
        _outbound = client
            ? new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt)
            : new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt);
        _inbound = client
            ? new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt, replayWindowSize: 1024)
            : new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt, replayWindowSize: 1024);
        long nowUs = MediaClock.NowMicroseconds();
        ConnectMs = (nowUs - _startUs) / 1000;
        _state = PeerState.Connected;
        _media.OnConnected(this, nowUs);
    }

    void IDtlsTransportListener.OnDtlsFailed(DtlsFailure failure, string detail) => Fail($"DTLS failed ({failure}): {detail}");

    void IDtlsTransportListener.OnDtlsApplicationData(ReadOnlySpan<byte> data)
    {
        if (_state == PeerState.Connected)
        {
            _media.OnApplicationData(this, data, MediaClock.NowMicroseconds());
        }
    }

    void IDtlsTransportListener.OnDtlsClosed()
    {
        if (_state == PeerState.Connected)
        {
            Fail("the server closed DTLS (close_notify)");
        }
    }
}
