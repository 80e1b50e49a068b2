using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

/// <summary>Moves datagrams between two in-process peers, optionally dropping some.</summary>
internal static class DtlsTestLink
{
    /// <summary>
    /// Delivers queued datagrams both ways until both queues are empty. <paramref name="deliver"/> gets the
    /// sender and the datagram and returns false to drop it.
    /// </summary>
    public static void Pump(DtlsTestPeer a, DtlsTestPeer b, long nowMs, Func<DtlsTestPeer, byte[], bool>? deliver = null)
    {
        for (int round = 0; round < 1000; round++)
        {
            if (a.Outgoing.Count == 0 && b.Outgoing.Count == 0)
            {
                return;
            }

            DeliverAll(a, b, nowMs, deliver);
            DeliverAll(b, a, nowMs, deliver);
        }

        throw new InvalidOperationException("The peers never went quiet.");
    }

    /// <summary>Creates a client and a server that know each other's fingerprints, and runs the handshake.</summary>
    public static (DtlsTestPeer Client, DtlsTestPeer Server) Connect(DtlsOptions? clientOptions = null, DtlsOptions? serverOptions = null)
    {
        var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client, clientOptions);
        var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server, serverOptions);
        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);
        server.Transport.Start(0);
        client.Transport.Start(0);
        Pump(client, server, 0);
        return (client, server);
    }

    private static void DeliverAll(DtlsTestPeer from, DtlsTestPeer to, long nowMs, Func<DtlsTestPeer, byte[], bool>? deliver)
    {
        while (from.Outgoing.Count > 0)
        {
            byte[] datagram = from.Outgoing.Dequeue();
            if (deliver is null || deliver(from, datagram))
            {
                to.Transport.ProcessDatagram(datagram, nowMs);
            }
        }
    }
}
