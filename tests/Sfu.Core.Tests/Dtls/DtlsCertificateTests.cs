using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void GeneratedCertificatesHaveDistinctSha256Fingerprints()
    {
        using DtlsCertificate a = DtlsCertificate.Generate();
        using DtlsCertificate b = DtlsCertificate.Generate("other", TimeSpan.FromDays(2));
        Assert.Equal("sha-256", a.Fingerprint.Algorithm);
        Assert.Equal(32, a.Fingerprint.Value.Length);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.InRange(b.NotAfter, DateTimeOffset.UtcNow.AddDays(2).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2).AddMinutes(5));
        Assert.InRange(a.NotAfter, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
        Assert.True(DtlsFingerprint.TryParse(a.Fingerprint.ToString(), out DtlsFingerprint roundTrip));
        Assert.Equal(a.Fingerprint, roundTrip);
    }

    [Fact]
    public void OpenSslFingerprintEqualsSha256OfTheDer()
    {
        (string certificatePem, string keyPem, byte[] der) = DtlsTestCertificates.CreatePem("pem-test");
        using DtlsCertificate certificate = DtlsCertificate.FromPem(certificatePem, keyPem);
        Assert.Equal(SHA256.HashData(der), certificate.Fingerprint.Value.ToArray());
        Assert.Equal(DtlsFingerprint.FromCertificateDer(der), certificate.Fingerprint);
    }

    [Fact]
    public void MismatchedOrBrokenPemIsRejected()
    {
        (string certificatePem, _, _) = DtlsTestCertificates.CreatePem("one");
        (_, string otherKeyPem, _) = DtlsTestCertificates.CreatePem("two");
        InvalidOperationException mismatch = Assert.Throws<InvalidOperationException>(() => DtlsCertificate.FromPem(certificatePem, otherKeyPem));
        Assert.Contains("PrivateKey", mismatch.Message, StringComparison.Ordinal); // OpenSSL: key values mismatch

        Assert.Throws<ArgumentException>(() => DtlsCertificate.FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", otherKeyPem));
        Assert.Throws<ArgumentException>(() => DtlsCertificate.FromPem(certificatePem, "not a key"));
        Assert.Throws<ArgumentException>(() => DtlsCertificate.Generate(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtlsCertificate.Generate("x", TimeSpan.Zero));
    }

    [Fact]
    public void RsaCertificatesWorkToo()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using DtlsCertificate rsa = DtlsCertificate.FromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());

        using var client = new DtlsTestPeer(DtlsTestCertificates.Client, DtlsRole.Client);
        using var server = new DtlsTestPeer(rsa, DtlsRole.Server);
        client.Transport.SetRemoteFingerprint(rsa.Fingerprint);
        server.Transport.SetRemoteFingerprint(DtlsTestCertificates.Client.Fingerprint);
        client.Transport.Start(0);
        DtlsTestLink.Pump(client, server, 0);
        Assert.Equal(DtlsState.Connected, client.Transport.State);
        Assert.StartsWith("ECDHE-RSA-", client.Transport.CipherSuite, StringComparison.Ordinal);
        Assert.Equal(client.Keys!.ServerKey, server.Keys!.ServerKey);
    }

    [Fact]
    public void DisposedCertificateCannotCreateTransportsButLiveOnesKeepWorking()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate("short-lived");
        using var client = new DtlsTestPeer(certificate, DtlsRole.Client);
        using var server = new DtlsTestPeer(DtlsTestCertificates.Server, DtlsRole.Server);
        certificate.Dispose();
        certificate.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => new DtlsTransport(certificate, DtlsRole.Client, client));

        client.Transport.SetRemoteFingerprint(DtlsTestCertificates.Server.Fingerprint);
        server.Transport.SetRemoteFingerprint(certificate.Fingerprint);
        client.Transport.Start(0);
        DtlsTestLink.Pump(client, server, 0);
        Assert.Equal(DtlsState.Connected, client.Transport.State);
        Assert.Equal(DtlsState.Connected, server.Transport.State);
    }

    [Fact]
    public void ContextsAreSharedPerProfileList()
    {
        var gcmOnly = new DtlsOptions { SrtpProfiles = [Sfu.Core.Srtp.SrtpProfile.AeadAes128Gcm] };
        DtlsContext first = DtlsTestCertificates.Server.GetContext(DtlsOptions.Default);
        DtlsContext second = DtlsTestCertificates.Server.GetContext(new DtlsOptions { Mtu = 1000 });
        DtlsContext third = DtlsTestCertificates.Server.GetContext(gcmOnly);
        Assert.Same(first, second);
        Assert.NotSame(first, third);
    }
}
