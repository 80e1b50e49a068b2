using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sfu.Core.Dtls;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Dtls;

/// <summary>Our <see cref="DtlsTransport"/> on a real UDP socket bound to 127.0.0.1.</summary>
internal sealed class UdpDtlsPeer : IDtlsTransportListener, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[65536];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public UdpDtlsPeer(DtlsCertificate certificate, DtlsRole role, DtlsOptions? options, IPEndPoint? remote)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Remote = remote;
        Transport = new DtlsTransport(certificate, role, this, options);
    }

    public DtlsTransport Transport { get; }

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Where we send; a server learns it from the first datagram.</summary>
    public EndPoint? Remote { get; private set; }

    public SrtpKeyingMaterial? Keys { get; private set; }

    public string? FailureDetail { get; private set; }

    public List<byte[]> ApplicationData { get; } = new();

    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Receives and runs timers until <paramref name="done"/> or the timeout; false on timeout.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            long waitMs = Math.Clamp(Transport.NextTimerMs - NowMs, 0, 20);
            if (_socket.Poll((int)waitMs * 1000, SelectMode.SelectRead))
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length = _socket.ReceiveFrom(_buffer, ref from);
                Remote ??= from;
                Transport.ProcessDatagram(_buffer.AsSpan(0, length), NowMs);
            }

            if (NowMs >= Transport.NextTimerMs)
            {
                Transport.OnTimer(NowMs);
            }
        }

        return true;
    }

    public void OnDtlsSendDatagram(ReadOnlySpan<byte> datagram)
    {
        if (Remote is not null)
        {
            _socket.SendTo(datagram, SocketFlags.None, Remote);
        }
    }

    public void OnDtlsConnected(SrtpKeyingMaterial keys) => Keys = keys;

    public void OnDtlsFailed(DtlsFailure failure, string detail) => FailureDetail = $"{failure}: {detail}";

    public void OnDtlsApplicationData(ReadOnlySpan<byte> data) => ApplicationData.Add(data.ToArray());

    public void OnDtlsClosed()
    {
    }

    public void Dispose()
    {
        Transport.Dispose();
        _socket.Dispose();
    }
}
