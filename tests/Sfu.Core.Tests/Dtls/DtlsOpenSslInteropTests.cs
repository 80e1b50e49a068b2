using System.Net;
using System.Net.Sockets;
using Sfu.Core.Dtls;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Dtls;

/// <summary>
/// Our transport against an independent implementation: the <c>openssl s_server</c> / <c>s_client</c> command
/// line tools, over real UDP on 127.0.0.1. Both sides must export the same RFC 5764 keying material.
/// </summary>
public sealed class DtlsOpenSslInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("AeadAes128Gcm,AeadAes256Gcm,AesCm128HmacSha1_80", SrtpProfile.AeadAes128Gcm)]
    [InlineData("AesCm128HmacSha1_80", SrtpProfile.AesCm128HmacSha1_80)]
    public void OurClientAgainstOpenSslServer(string ourProfiles, SrtpProfile expected)
    {
        using var files = new PemFiles();
        int port = FreeUdpPort();
        int length = ExporterLength(expected);
        using OpenSslCliProcess server = OpenSslCliProcess.Start(
            "s_server", "-dtls1_2",
            "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString(),
            "-cert", files.CertificatePath, "-key", files.KeyPath,
            "-accept", $"127.0.0.1:{port}", "-naccept", "1");
        Assert.True(server.WaitForLine("ACCEPT", Timeout) is not null, "s_server did not start:\n" + server.Output);

        using var client = new UdpDtlsPeer(DtlsTestCertificates.Client, DtlsRole.Client, Options(ourProfiles), new IPEndPoint(IPAddress.Loopback, port));
        client.Transport.SetRemoteFingerprint(files.Fingerprint);
        client.Transport.Start(client.NowMs);
        bool finished = client.RunUntil(() => client.Transport.State is DtlsState.Connected or DtlsState.Failed, Timeout);

        Assert.True(finished, "handshake timed out:\n" + server.Output);
        Assert.True(client.Transport.State == DtlsState.Connected, client.FailureDetail + "\n" + server.Output);
        AssertSameKeys(server, client.Keys!, expected, length);
    }

    [Theory]
    [InlineData("AeadAes128Gcm,AeadAes256Gcm,AesCm128HmacSha1_80", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm)]
    [InlineData("AesCm128HmacSha1_80,AeadAes128Gcm", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData("AeadAes256Gcm,AeadAes128Gcm", "SRTP_AEAD_AES_128_GCM:SRTP_AEAD_AES_256_GCM", SrtpProfile.AeadAes256Gcm)]
    public void OpenSslClientAgainstOurServer(string ourProfiles, string theirProfiles, SrtpProfile expected)
    {
        using var files = new PemFiles();
        int length = ExporterLength(expected);
        using var server = new UdpDtlsPeer(DtlsTestCertificates.Server, DtlsRole.Server, Options(ourProfiles), remote: null);
        server.Transport.SetRemoteFingerprint(files.Fingerprint); // s_client must present this certificate
        server.Transport.Start(server.NowMs);

        using OpenSslCliProcess client = OpenSslCliProcess.Start(
            "s_client", "-dtls1_2",
            "-use_srtp", theirProfiles,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString(),
            "-cert", files.CertificatePath, "-key", files.KeyPath,
            "-connect", $"127.0.0.1:{server.LocalPort}");
        bool finished = server.RunUntil(() => server.Transport.State is DtlsState.Connected or DtlsState.Failed, Timeout);

        Assert.True(finished, "handshake timed out:\n" + client.Output);
        Assert.True(server.Transport.State == DtlsState.Connected, server.FailureDetail + "\n" + client.Output);
        AssertSameKeys(client, server.Keys!, expected, length);
    }

    [Fact]
    public void OpenSslServerWithTheWrongCertificateFailsOurFingerprintCheck()
    {
        using var files = new PemFiles();
        int port = FreeUdpPort();
        using OpenSslCliProcess server = OpenSslCliProcess.Start(
            "s_server", "-dtls1_2", "-use_srtp", "SRTP_AEAD_AES_128_GCM",
            "-cert", files.CertificatePath, "-key", files.KeyPath,
            "-accept", $"127.0.0.1:{port}", "-naccept", "1");
        Assert.True(server.WaitForLine("ACCEPT", Timeout) is not null, "s_server did not start:\n" + server.Output);

        using var client = new UdpDtlsPeer(DtlsTestCertificates.Client, DtlsRole.Client, null, new IPEndPoint(IPAddress.Loopback, port));
        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint); // not s_server's
        client.Transport.Start(client.NowMs);
        Assert.True(client.RunUntil(() => client.Transport.State is DtlsState.Connected or DtlsState.Failed, Timeout), server.Output);
        Assert.Equal(DtlsFailure.FingerprintMismatch, client.Transport.Failure);
        Assert.Null(client.Keys);
    }

    private static void AssertSameKeys(OpenSslCliProcess openssl, SrtpKeyingMaterial ours, SrtpProfile expected, int length)
    {
        string? keyLine = openssl.WaitForLine("Keying material:", Timeout);
        Assert.True(keyLine is not null, "openssl printed no keying material:\n" + openssl.Output);
        byte[] theirs = Convert.FromHexString(keyLine![(keyLine.IndexOf(':') + 1)..].Trim());
        Assert.Equal(length, theirs.Length);

        string? profileLine = openssl.WaitForLine("SRTP Extension negotiated, profile=", Timeout);
        Assert.NotNull(profileLine);
        Assert.EndsWith("profile=" + expected.OpenSslName(), profileLine, StringComparison.Ordinal);

        Assert.Equal(expected, ours.Profile);
        byte[] mine = [.. ours.ClientKey, .. ours.ServerKey, .. ours.ClientSalt, .. ours.ServerSalt];
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(mine));
    }

    private static DtlsOptions Options(string profiles) => new()
    {
        SrtpProfiles = profiles.Split(',').Select(Enum.Parse<SrtpProfile>).ToArray(),
    };

    private static int ExporterLength(SrtpProfile profile) => 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>A fresh certificate and key as PEM files in a temporary directory, deleted on dispose.</summary>
    private sealed class PemFiles : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sfu-dtls-");

        public PemFiles()
        {
            (string certificatePem, string keyPem, byte[] der) = DtlsTestCertificates.CreatePem("openssl-cli");
            CertificatePath = Path.Combine(_directory.FullName, "cert.pem");
            KeyPath = Path.Combine(_directory.FullName, "key.pem");
            File.WriteAllText(CertificatePath, certificatePem);
            File.WriteAllText(KeyPath, keyPem);
            Fingerprint = DtlsFingerprint.FromCertificateDer(der);
        }

        public string CertificatePath { get; }

        public string KeyPath { get; }

        public DtlsFingerprint Fingerprint { get; }

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
