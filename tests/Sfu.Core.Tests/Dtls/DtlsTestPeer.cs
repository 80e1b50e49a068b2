using Sfu.Core.Dtls;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Dtls;

/// <summary>A transport plus a listener that records everything it produces.</summary>
internal sealed class DtlsTestPeer : IDtlsTransportListener, IDisposable
{
    public DtlsTestPeer(DtlsCertificate certificate, DtlsRole role, DtlsOptions? options = null)
    {
        Certificate = certificate;
        Transport = new DtlsTransport(certificate, role, this, options);
    }

    public DtlsCertificate Certificate { get; }

    public DtlsTransport Transport { get; }

    /// <summary>Datagrams sent and not yet delivered by <see cref="DtlsTestLink"/>.</summary>
    public Queue<byte[]> Outgoing { get; } = new();

    /// <summary>Every datagram ever sent, in order.</summary>
    public List<byte[]> Sent { get; } = new();

    public SrtpKeyingMaterial? Keys { get; private set; }

    public int ConnectedCount { get; private set; }

    public List<(DtlsFailure Failure, string Detail)> Failures { get; } = new();

    public List<byte[]> ApplicationData { get; } = new();

    public int ClosedCount { get; private set; }

    public void OnDtlsSendDatagram(ReadOnlySpan<byte> datagram)
    {
        byte[] copy = datagram.ToArray();
        Outgoing.Enqueue(copy);
        Sent.Add(copy);
    }

    public void OnDtlsConnected(SrtpKeyingMaterial keys)
    {
        Keys = keys;
        ConnectedCount++;
    }

    public void OnDtlsFailed(DtlsFailure failure, string detail) => Failures.Add((failure, detail));

    public void OnDtlsApplicationData(ReadOnlySpan<byte> data) => ApplicationData.Add(data.ToArray());

    public void OnDtlsClosed() => ClosedCount++;

    public void Dispose() => Transport.Dispose();
}
