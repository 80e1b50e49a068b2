using System.Buffers.Binary;
using System.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Dtls;

public sealed class DtlsHandshakeTests
{
    [Fact]
    public void OpenSslIsAvailable()
    {
        Assert.True(DtlsTransport.IsOpenSslAvailable, DtlsTransport.OpenSslVersion);
        Assert.StartsWith("OpenSSL 3.", DtlsTransport.OpenSslVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 32, 12)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 16, 14)]
    public void HandshakeExportsEqualKeysForEachProfile(SrtpProfile profile, int keyLength, int saltLength)
    {
        var options = new DtlsOptions { SrtpProfiles = [profile] };
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect(options, options);
        using (client)
        using (server)
        {
            Assert.Equal(DtlsState.Connected, client.Transport.State);
            Assert.Equal(DtlsState.Connected, server.Transport.State);
            Assert.Empty(client.Failures);
            Assert.Empty(server.Failures);
            Assert.Equal(1, client.ConnectedCount);
            Assert.Equal(1, server.ConnectedCount);
            Assert.Equal(profile, client.Transport.SelectedProfile);
            Assert.Equal(profile, server.Transport.SelectedProfile);

            SrtpKeyingMaterial c = client.Keys!, s = server.Keys!;
            Assert.Equal(profile, c.Profile);
            Assert.Equal(keyLength, c.ClientKey.Length);
            Assert.Equal(saltLength, c.ClientSalt.Length);
            Assert.Equal(c.ClientKey, s.ClientKey);
            Assert.Equal(c.ClientSalt, s.ClientSalt);
            Assert.Equal(c.ServerKey, s.ServerKey);
            Assert.Equal(c.ServerSalt, s.ServerSalt);
            Assert.NotEqual(c.ClientKey, c.ServerKey);
            Assert.Contains(c.ClientKey, b => b != 0);

            Assert.Equal(DtlsTestCertificates.Server.Fingerprint, client.Transport.RemoteCertificateFingerprint);
            Assert.Equal(DtlsTestCertificates.Client.Fingerprint, server.Transport.RemoteCertificateFingerprint);
            Assert.StartsWith("ECDHE-ECDSA-", client.Transport.CipherSuite, StringComparison.Ordinal);
            Assert.Equal(long.MaxValue, client.Transport.NextTimerMs);
            Assert.Equal(long.MaxValue, server.Transport.NextTimerMs);
        }
    }

    [Fact]
    public void ServerPreferenceOrderDecidesTheProfile()
    {
        var clientOptions = new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80] };
        var serverOptions = new DtlsOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm] };
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect(clientOptions, serverOptions);
        using (client)
        using (server)
        {
            Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, client.Transport.SelectedProfile);
            Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, server.Keys!.Profile);
        }
    }

    [Fact]
    public void DefaultOptionsNegotiateAes128Gcm()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            Assert.Equal(SrtpProfile.AeadAes128Gcm, client.Transport.SelectedProfile);
            Assert.Equal(client.Keys!.ServerKey, server.Keys!.ServerKey);
        }
    }

    [Fact]
    public void EveryDatagramIsWholeRecordsWithinTheMtu()
    {
        var options = new DtlsOptions { Mtu = 300 };
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect(options, options);
        using (client)
        using (server)
        {
            Assert.Equal(DtlsState.Connected, client.Transport.State);
            foreach (byte[] datagram in client.Sent.Concat(server.Sent))
            {
                Assert.InRange(datagram.Length, 13, 300);
                int at = 0;
                while (at < datagram.Length)
                {
                    Assert.True(datagram.Length - at >= 13);
                    Assert.Equal(0xFE, datagram[at + 1]);
                    at += 13 + BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(at + 11));
                }

                Assert.Equal(datagram.Length, at);
            }

            // The server's certificate flight cannot fit in 300 bytes: it must have been fragmented.
            Assert.True(server.Sent.Count >= 4, $"server sent {server.Sent.Count} datagrams");
        }
    }

    [Fact]
    public void FingerprintMismatchFailsTheCheckingSide()
    {
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        DtlsFingerprint wrong = DtlsFingerprint.FromCertificateDer([1, 2, 3]);
        client.Transport.SetRemoteFingerprint(wrong);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);
        server.Transport.Start(0);
        client.Transport.Start(0);
        DtlsTestLink.Pump(client, server, 0);

        Assert.Equal(DtlsState.Failed, client.Transport.State);
        Assert.Equal(DtlsFailure.FingerprintMismatch, client.Transport.Failure);
        (DtlsFailure failure, string detail) = Assert.Single(client.Failures);
        Assert.Equal(DtlsFailure.FingerprintMismatch, failure);
        Assert.Contains(wrong.ToString(), detail, StringComparison.Ordinal);
        Assert.Null(client.Keys);
        Assert.Equal(DtlsState.Connected, server.Transport.State); // the server's check passed

        // Input after failure is ignored.
        client.Transport.ProcessDatagram(server.Sent[^1], 0);
        Assert.Single(client.Failures);
        Assert.False(client.Transport.SendApplicationData([1, 2, 3]));
    }

    [Fact]
    public void ServerChecksTheClientFingerprintToo()
    {
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint); // not the client's
        server.Transport.Start(0);
        client.Transport.Start(0);
        DtlsTestLink.Pump(client, server, 0);

        Assert.Equal(DtlsFailure.FingerprintMismatch, Assert.Single(server.Failures).Failure);
        Assert.Null(server.Keys);
    }

    [Fact]
    public void FingerprintSetAfterTheHandshakeConnectsThen()
    {
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        server.Transport.Start(0);
        client.Transport.Start(0);
        DtlsTestLink.Pump(client, server, 0);

        Assert.Equal(DtlsState.Connecting, client.Transport.State);
        Assert.Equal(DtlsState.Connecting, server.Transport.State);
        Assert.Null(client.Keys);
        Assert.NotNull(client.Transport.SelectedProfile);
        Assert.True(client.Transport.NextTimerMs <= 30_000, "the handshake timeout still applies");

        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
        Assert.Equal(DtlsState.Connected, client.Transport.State);
        Assert.Equal(long.MaxValue, client.Transport.NextTimerMs);

        DtlsFingerprint parsed = Assert.IsType<DtlsFingerprint>(Parse(DtlsTestCertificates.Client.Fingerprint.ToString().ToLowerInvariant()));
        server.Transport.SetRemoteFingerprint(parsed);
        Assert.Equal(DtlsState.Connected, server.Transport.State);
        Assert.Equal(client.Keys!.ClientKey, server.Keys!.ClientKey);

        // A different fingerprint once connected is a mismatch.
        server.Transport.SetRemoteFingerprint(DtlsFingerprint.FromCertificateDer([9]));
        Assert.Equal(DtlsFailure.FingerprintMismatch, server.Transport.Failure);
    }

    [Fact]
    public void FingerprintNeverSetTimesOut()
    {
        var options = new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) };
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client, options);
        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server, options);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);
        server.Transport.Start(1000);
        client.Transport.Start(1000);
        DtlsTestLink.Pump(client, server, 1000);
        Assert.Equal(DtlsState.Connecting, client.Transport.State);
        Assert.Equal(6000, client.Transport.NextTimerMs);

        client.Transport.OnTimer(5999);
        Assert.Equal(DtlsState.Connecting, client.Transport.State);
        client.Transport.OnTimer(6000);
        Assert.Equal(DtlsFailure.Timeout, Assert.Single(client.Failures).Failure);
    }

    [Fact]
    public void NoCommonSrtpProfileFails()
    {
        var clientOptions = new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm] };
        var serverOptions = new DtlsOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80] };
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect(clientOptions, serverOptions);
        using (client)
        using (server)
        {
            Assert.Equal(DtlsFailure.NoSrtpProfile, Assert.Single(client.Failures).Failure);
            Assert.Equal(DtlsFailure.NoSrtpProfile, Assert.Single(server.Failures).Failure);
            Assert.Null(client.Transport.SelectedProfile);
        }
    }

    [Fact]
    public void ApplicationDataFlowsBothWays()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            byte[] hello = "hello from the client"u8.ToArray();
            byte[] big = new byte[1100];
            new Random(7).NextBytes(big);
            Assert.True(client.Transport.SendApplicationData(hello));
            Assert.True(server.Transport.SendApplicationData(big));
            Assert.False(server.Transport.SendApplicationData([]));
            Assert.False(server.Transport.SendApplicationData(new byte[16385]));
            DtlsTestLink.Pump(client, server, 10);

            Assert.Equal(hello, Assert.Single(server.ApplicationData));
            Assert.Equal(big, Assert.Single(client.ApplicationData));
        }
    }

    [Fact]
    public void RecordsLargerThanTheMtuAreSentWhole()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            byte[] message = new byte[16384];
            new Random(9).NextBytes(message);
            int sentBefore = client.Sent.Count;
            Assert.True(client.Transport.SendApplicationData(message));
            Assert.Equal(sentBefore + 1, client.Sent.Count); // one record, one datagram, larger than the MTU
            Assert.True(client.Sent[^1].Length > 16384);
            DtlsTestLink.Pump(client, server, 10);
            Assert.Equal(message, Assert.Single(server.ApplicationData));
        }
    }

    [Fact]
    public void ClientHelloFragmentedOverTwoDatagramsIsReassembled()
    {
        // Chromium sends a ~1,400-byte ClientHello as two handshake fragments in two datagrams.
        byte[] clientHello;
        using (var probe = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client))
        {
            probe.Transport.Start(0);
            clientHello = Assert.Single(probe.Sent);
        }

        // Record header (13) + handshake header (12): type, length(3), message_seq(2), offset(3), fragment_length(3).
        byte[] body = clientHello[25..];
        int split = body.Length / 2;
        byte[] first = FragmentRecord(clientHello, sequence: 0, offset: 0, body[..split]);
        byte[] second = FragmentRecord(clientHello, sequence: 1, offset: split, body[split..]);

        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        server.Transport.ProcessDatagram(first, 0);
        Assert.Empty(server.Sent); // waits for the rest
        server.Transport.ProcessDatagram(second, 0);
        Assert.Empty(server.Failures);
        Assert.NotEmpty(server.Sent);
        Assert.Equal(22, server.Sent[0][0]);
        Assert.Equal(2, server.Sent[0][13]); // ServerHello
        Assert.Equal(0, server.Transport.DiscardedDatagrams);
    }

    private static byte[] FragmentRecord(byte[] template, ulong sequence, int offset, byte[] fragment)
    {
        byte[] record = new byte[25 + fragment.Length];
        template.AsSpan(0, 25).CopyTo(record);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(5), (ushort)(sequence >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(7), (uint)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)(12 + fragment.Length));
        record[19] = (byte)(offset >> 16);
        record[20] = (byte)(offset >> 8);
        record[21] = (byte)offset;
        record[22] = (byte)(fragment.Length >> 16);
        record[23] = (byte)(fragment.Length >> 8);
        record[24] = (byte)fragment.Length;
        fragment.CopyTo(record.AsSpan(25));
        return record;
    }

    [Fact]
    public void CloseNotifyReachesThePeer()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            int sentBefore = client.Sent.Count;
            client.Transport.Close();
            Assert.Equal(DtlsState.Closed, client.Transport.State);
            Assert.Equal(0, client.ClosedCount); // local close does not call back
            Assert.Equal(sentBefore + 1, client.Sent.Count); // close_notify
            Assert.Equal(21, client.Sent[^1][0]); // alert record

            DtlsTestLink.Pump(client, server, 10);
            Assert.Equal(DtlsState.Closed, server.Transport.State);
            Assert.Equal(1, server.ClosedCount);
            Assert.Empty(server.Failures);
            Assert.False(server.Transport.SendApplicationData([1]));

            client.Transport.Close(); // idempotent
            Assert.Equal(DtlsState.Closed, client.Transport.State);
        }
    }

    [Fact]
    public void DroppedServerFlightIsRetransmitted()
    {
        var options = new DtlsOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(20) };
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client, options);
        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server, options);
        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);

        // OpenSSL measures retransmission timeouts with the system clock, so the test clock is real time.
        var clock = Stopwatch.StartNew();
        server.Transport.Start(clock.ElapsedMilliseconds);
        client.Transport.Start(clock.ElapsedMilliseconds);
        Assert.InRange(client.Transport.NextTimerMs, 0, clock.ElapsedMilliseconds + 20);

        // Drop the server's whole first flight (ServerHello ... ServerHelloDone).
        DtlsTestLink.Pump(client, server, clock.ElapsedMilliseconds, (from, _) => from != server);
        int serverFlightDatagrams = server.Sent.Count;
        Assert.True(serverFlightDatagrams >= 1);
        Assert.Equal(DtlsState.Connecting, client.Transport.State);
        Assert.Single(client.Sent);

        while (client.Transport.State != DtlsState.Connected || server.Transport.State != DtlsState.Connected)
        {
            Assert.True(clock.ElapsedMilliseconds < 5000, "the handshake did not recover from the lost flight");
            long next = Math.Min(client.Transport.NextTimerMs, server.Transport.NextTimerMs);
            Assert.NotEqual(long.MaxValue, next);
            long wait = next - clock.ElapsedMilliseconds;
            if (wait > 0)
            {
                Thread.Sleep((int)wait + 1);
            }

            client.Transport.OnTimer(clock.ElapsedMilliseconds);
            server.Transport.OnTimer(clock.ElapsedMilliseconds);
            DtlsTestLink.Pump(client, server, clock.ElapsedMilliseconds);
        }

        // The client retransmitted its ClientHello: same record, same handshake message, new record sequence.
        Assert.True(client.Sent.Count >= 2);
        Assert.Equal(22, client.Sent[1][0]); // handshake record
        Assert.Equal(1, client.Sent[1][13]); // ClientHello
        Assert.Equal(client.Sent[0].Length, client.Sent[1].Length);
        Assert.Equal(client.Keys!.ServerKey, server.Keys!.ServerKey);
        Assert.Equal(client.Keys.ClientSalt, server.Keys.ClientSalt);
    }

    [Fact]
    public void UnansweredClientTimesOut()
    {
        var options = new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(250) };
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client, options);
        client.Transport.Start(100);
        Assert.Single(client.Sent);
        Assert.InRange(client.Transport.NextTimerMs, 100, 350);
        client.Transport.OnTimer(349);
        Assert.Equal(DtlsState.Connecting, client.Transport.State);
        client.Transport.OnTimer(350);
        Assert.Equal(DtlsState.Failed, client.Transport.State);
        Assert.Equal(DtlsFailure.Timeout, Assert.Single(client.Failures).Failure);
        Assert.Equal(long.MaxValue, client.Transport.NextTimerMs);
    }

    [Fact]
    public void ApiMisuseThrows()
    {
        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        client.Transport.Start(0);
        Assert.Throws<InvalidOperationException>(() => client.Transport.Start(0));
        Assert.Throws<ArgumentException>(() => client.Transport.SetRemoteFingerprint(default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsTransport(DtlsTestCertificates.Client, DtlsRole.Client, client, new DtlsOptions { Mtu = 100 }));
        Assert.Throws<ArgumentException>(() => new DtlsTransport(DtlsTestCertificates.Client, DtlsRole.Client, client, new DtlsOptions { SrtpProfiles = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsTransport(DtlsTestCertificates.Client, DtlsRole.Client, client, new DtlsOptions { SrtpProfiles = [(SrtpProfile)99] }));

        client.Transport.Dispose();
        Assert.Equal(DtlsState.Closed, client.Transport.State);
        client.Transport.ProcessDatagram([22, 0xFE, 0xFD], 0); // ignored, no crash
        client.Transport.OnTimer(1_000_000);
        Assert.False(client.Transport.SendApplicationData([1]));
        Assert.Throws<ObjectDisposedException>(() => client.Transport.Start(0));
    }

    private static DtlsFingerprint? Parse(string text) => DtlsFingerprint.TryParse(text, out DtlsFingerprint fp) ? fp : null;
}
