using BenchmarkDotNet.Attributes;
using Sfu.Core.Dtls;
using Sfu.Core.Srtp;

namespace Sfu.Benchmarks;

/// <summary>
/// DTLS cost per WebRTC transport: a full in-process handshake (both sides, ECDSA P-256, X25519, AES-128-GCM),
/// and the application-data path (SCTP for data channels) that must not allocate.
/// </summary>
[MemoryDiagnoser]
public class DtlsBenchmarks
{
    private readonly byte[] _payload = new byte[1000];
    private DtlsCertificate _clientCertificate = null!;
    private DtlsCertificate _serverCertificate = null!;
    private Peer _client = null!;
    private Peer _server = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clientCertificate = DtlsCertificate.Generate("bench-client");
        _serverCertificate = DtlsCertificate.Generate("bench-server");
        new Random(1).NextBytes(_payload);
        (_client, _server) = Connect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Transport.Dispose();
        _server.Transport.Dispose();
        _clientCertificate.Dispose();
        _serverCertificate.Dispose();
    }

    /// <summary>Both sides of one handshake, including SSL object creation and key export.</summary>
    [Benchmark]
    public SrtpKeyingMaterial? Handshake()
    {
        (Peer client, Peer server) = Connect();
        SrtpKeyingMaterial? keys = client.Keys;
        client.Transport.Dispose();
        server.Transport.Dispose();
        return keys;
    }

    /// <summary>Encrypt 1000 bytes on one side, decrypt on the other.</summary>
    [Benchmark]
    public int ApplicationData1000Bytes()
    {
        _client.Transport.SendApplicationData(_payload);
        _client.DeliverTo(_server.Transport, 0);
        return _server.ReceivedBytes;
    }

    private (Peer Client, Peer Server) Connect()
    {
        var client = new Peer();
        var server = new Peer();
        client.Transport = new DtlsTransport(_clientCertificate, DtlsRole.Client, client);
        server.Transport = new DtlsTransport(_serverCertificate, DtlsRole.Server, server);
        client.Transport.SetRemoteFingerprint(_serverCertificate.Fingerprint);
        server.Transport.SetRemoteFingerprint(_clientCertificate.Fingerprint);
        client.Transport.Start(0);
        while (client.Pending > 0 || server.Pending > 0)
        {
            client.DeliverTo(server.Transport, 0);
            server.DeliverTo(client.Transport, 0);
        }

        if (client.Transport.State != DtlsState.Connected || server.Transport.State != DtlsState.Connected)
        {
            throw new InvalidOperationException("The benchmark handshake did not complete.");
        }

        return (client, server);
    }

    /// <summary>Queues datagrams in preallocated buffers (no allocation once warmed up).</summary>
    private sealed class Peer : IDtlsTransportListener
    {
        private readonly byte[][] _slots = CreateSlots();
        private readonly int[] _lengths = new int[16];

        public DtlsTransport Transport { get; set; } = null!;

        public int Pending { get; private set; }

        public SrtpKeyingMaterial? Keys { get; private set; }

        public int ReceivedBytes { get; private set; }

        public void DeliverTo(DtlsTransport peer, long nowMs)
        {
            int count = Pending;
            Pending = 0;
            for (int i = 0; i < count; i++)
            {
                peer.ProcessDatagram(_slots[i].AsSpan(0, _lengths[i]), nowMs);
            }
        }

        public void OnDtlsSendDatagram(ReadOnlySpan<byte> datagram)
        {
            datagram.CopyTo(_slots[Pending]);
            _lengths[Pending++] = datagram.Length;
        }

        public void OnDtlsConnected(SrtpKeyingMaterial keys) => Keys = keys;

        public void OnDtlsFailed(DtlsFailure failure, string detail) =>
            throw new InvalidOperationException($"{failure}: {detail}");

        public void OnDtlsApplicationData(ReadOnlySpan<byte> data) => ReceivedBytes += data.Length;

        public void OnDtlsClosed()
        {
        }

        private static byte[][] CreateSlots()
        {
            var slots = new byte[16][];
            for (int i = 0; i < slots.Length; i++)
            {
                slots[i] = new byte[17 * 1024];
            }

            return slots;
        }
    }
}
