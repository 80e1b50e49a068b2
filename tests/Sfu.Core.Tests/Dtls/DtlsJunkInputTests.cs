using System.Buffers.Binary;
using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

/// <summary>Hostile input at every state: nothing throws, nothing breaks a transport that should survive.</summary>
public sealed class DtlsJunkInputTests
{
    private const int JunkPerState = 600;

    [Fact]
    public void JunkBeforeTheHandshakeDoesNotPreventIt()
    {
        var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        using (client)
        using (server)
        {
            foreach (byte[] junk in Junk(seed: 1, JunkPerState))
            {
                client.Transport.ProcessDatagram(junk, 0); // client not started: ignored
                server.Transport.ProcessDatagram(junk, 0); // server starts implicitly, discards junk
            }

            Assert.Equal(DtlsState.New, client.Transport.State);
            Assert.Equal(DtlsState.Connecting, server.Transport.State);
            Assert.Empty(client.Sent);
            Assert.Empty(server.Failures);

            Handshake(client, server, startServer: false);
            AssertConnectedAndTalking(client, server);
        }
    }

    [Fact]
    public void JunkBetweenEveryHandshakeDatagramDoesNotPreventIt()
    {
        var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        using (client)
        using (server)
        {
            client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
            server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);
            server.Transport.Start(0);
            client.Transport.Start(0);
            IEnumerator<byte[]> junk = Junk(seed: 2, int.MaxValue).GetEnumerator();
            DtlsTestLink.Pump(client, server, 0, (from, datagram) =>
            {
                for (int i = 0; i < 40; i++)
                {
                    junk.MoveNext();
                    client.Transport.ProcessDatagram(junk.Current, 0);
                    junk.MoveNext();
                    server.Transport.ProcessDatagram(junk.Current, 0);
                }

                return true;
            });

            AssertConnectedAndTalking(client, server);
        }
    }

    [Fact]
    public void JunkAndReplayWhileConnectedAreDiscarded()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            foreach (byte[] junk in Junk(seed: 3, JunkPerState))
            {
                client.Transport.ProcessDatagram(junk, 5);
                server.Transport.ProcessDatagram(junk, 5);
            }

            // Replay every handshake datagram, and records mutated in one byte (forged MAC / header).
            var rng = new Random(4);
            foreach (byte[] datagram in client.Sent.ToArray())
            {
                server.Transport.ProcessDatagram(datagram, 6);
                byte[] mutated = (byte[])datagram.Clone();
                mutated[rng.Next(13, mutated.Length)] ^= 0x5A;
                server.Transport.ProcessDatagram(mutated, 6);
            }

            foreach (byte[] datagram in server.Sent.ToArray())
            {
                client.Transport.ProcessDatagram(datagram, 6);
            }

            Assert.Empty(client.Failures);
            Assert.Empty(server.Failures);
            Assert.Empty(client.ApplicationData);
            Assert.Empty(server.ApplicationData);
            DtlsTestLink.Pump(client, server, 7); // whatever the replays provoked
            AssertConnectedAndTalking(client, server);
        }
    }

    [Fact]
    public void ClientHelloCutAtEveryLengthIsDiscarded()
    {
        byte[] clientHello;
        using (var probe = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client))
        {
            probe.Transport.Start(0);
            clientHello = Assert.Single(probe.Sent);
        }

        Assert.Equal(22, clientHello[0]);
        Assert.Equal(1, clientHello[13]);

        var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        using (client)
        using (server)
        {
            server.Transport.Start(0);
            for (int length = 1; length < clientHello.Length; length++)
            {
                server.Transport.ProcessDatagram(clientHello.AsSpan(0, length), 0);
            }

            // The first half with the record length patched to match: a truncated handshake fragment.
            byte[] half = clientHello.AsSpan(0, clientHello.Length / 2).ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(half.AsSpan(11), (ushort)(half.Length - 13));
            server.Transport.ProcessDatagram(half, 0);

            Assert.Empty(server.Failures);
            Assert.Equal(DtlsState.Connecting, server.Transport.State);
            Handshake(client, server, startServer: false);
            AssertConnectedAndTalking(client, server);
        }
    }

    [Fact]
    public void JunkAfterFailureOrCloseIsIgnored()
    {
        using var failed = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client, new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        failed.Transport.Start(0);
        failed.Transport.OnTimer(1000);
        Assert.Equal(DtlsState.Failed, failed.Transport.State);

        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            client.Transport.Close();
            DtlsTestLink.Pump(client, server, 1);
            int sentByFailed = failed.Sent.Count, sentByClient = client.Sent.Count, sentByServer = server.Sent.Count;

            foreach (byte[] junk in Junk(seed: 5, JunkPerState))
            {
                failed.Transport.ProcessDatagram(junk, 2);
                client.Transport.ProcessDatagram(junk, 2);
                server.Transport.ProcessDatagram(junk, 2);
            }

            failed.Transport.ProcessDatagram(server.Sent[0], 3);
            Assert.Equal(DtlsState.Failed, failed.Transport.State);
            Assert.Single(failed.Failures);
            Assert.Equal(DtlsState.Closed, client.Transport.State);
            Assert.Equal(DtlsState.Closed, server.Transport.State);
            Assert.Equal(1, server.ClosedCount);
            Assert.Equal(sentByFailed, failed.Sent.Count);
            Assert.Equal(sentByClient, client.Sent.Count);
            Assert.Equal(sentByServer, server.Sent.Count);
        }

        // A second, fresh pair still handshakes after all of that.
        (DtlsTestPeer client2, DtlsTestPeer server2) = DtlsTestLink.Connect();
        using (client2)
        using (server2)
        {
            AssertConnectedAndTalking(client2, server2);
        }
    }

    [Fact]
    public void ShortEncryptedRecordsAreDiscardedBeforeAndAfterTheHandshake()
    {
        // OpenSSL 3.0 raises an internal error for an epoch-1 record shorter than the AEAD overhead (24 bytes for
        // AES-GCM): one spoofed 14-byte datagram would kill the connection unless filtered.
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            for (int length = 0; length <= 64; length++)
            {
                for (byte type = 20; type <= 23; type++)
                {
                    byte[] record = EncryptedLookingRecord(type, length, seed: length * 4 + type);
                    client.Transport.ProcessDatagram(record, 1);
                    server.Transport.ProcessDatagram(record, 1);
                }
            }

            Assert.True(server.Transport.DiscardedDatagrams >= 4 * 24, $"discarded {server.Transport.DiscardedDatagrams}");
            Assert.Equal(DtlsDatagramCheck.CiphertextTooShort, server.Transport.LastDiscardReason);
            AssertConnectedAndTalking(client, server);
        }

        for (int length = 0; length <= 64; length += 3)
        {
            var c = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
            var s = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
            using (c)
            using (s)
            {
                s.Transport.Start(0);
                for (byte type = 20; type <= 23; type++)
                {
                    s.Transport.ProcessDatagram(EncryptedLookingRecord(type, length, seed: length), 0);
                }

                Handshake(c, s, startServer: false);
                AssertConnectedAndTalking(c, s);
            }
        }
    }

    [Fact]
    public void ClientReceivingAClientHelloFailsCleanly()
    {
        // A well-formed handshake message that makes no sense to the receiver: OpenSSL aborts with an alert.
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        using var other = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        client.Transport.Start(0);
        other.Transport.Start(0);
        client.Transport.ProcessDatagram(other.Sent[0], 0);
        Assert.Equal(DtlsState.Failed, client.Transport.State);
        Assert.Equal(DtlsFailure.HandshakeFailed, Assert.Single(client.Failures).Failure);
        Assert.False(string.IsNullOrEmpty(client.Failures[0].Detail));
    }

    private static void Handshake(DtlsTestPeer client, DtlsTestPeer server, bool startServer)
    {
        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);
        if (startServer)
        {
            server.Transport.Start(0);
        }

        client.Transport.Start(0);
        DtlsTestLink.Pump(client, server, 0);
    }

    private static void AssertConnectedAndTalking(DtlsTestPeer client, DtlsTestPeer server)
    {
        Assert.Empty(client.Failures);
        Assert.Empty(server.Failures);
        Assert.Equal(DtlsState.Connected, client.Transport.State);
        Assert.Equal(DtlsState.Connected, server.Transport.State);
        Assert.Equal(client.Keys!.ClientKey, server.Keys!.ClientKey);
        Assert.Equal(client.Keys.ServerSalt, server.Keys.ServerSalt);

        int before = server.ApplicationData.Count;
        Assert.True(client.Transport.SendApplicationData("ping"u8));
        DtlsTestLink.Pump(client, server, 100);
        Assert.Equal(before + 1, server.ApplicationData.Count);
        Assert.Equal("ping"u8.ToArray(), server.ApplicationData[^1]);
    }

    private static byte[] EncryptedLookingRecord(byte type, int length, int seed)
    {
        byte[] record = new byte[13 + length];
        new Random(seed).NextBytes(record);
        record[0] = type;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[3] = 0;
        record[4] = 1; // epoch 1
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)length);
        return record;
    }

    /// <summary>
    /// Seeded junk: pure random bytes, and datagrams with a plausible DTLS record header (content type
    /// 20..23, version DTLS 1.0/1.2, epoch 0/1, sometimes a consistent length) and random contents.
    /// </summary>
    private static IEnumerable<byte[]> Junk(int seed, int count)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] datagram = new byte[rng.Next(1, 1500)];
            rng.NextBytes(datagram);
            if (i % 2 == 1 && datagram.Length >= 13)
            {
                datagram[0] = (byte)rng.Next(20, 24);
                datagram[1] = 0xFE;
                datagram[2] = rng.Next(2) == 0 ? (byte)0xFD : (byte)0xFF;
                datagram[3] = 0;
                datagram[4] = (byte)rng.Next(2);
                if (rng.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(11), (ushort)(datagram.Length - 13));
                }
            }

            yield return datagram;
        }
    }
}
