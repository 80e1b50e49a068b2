using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

/// <summary>Certificates shared by the DTLS tests (generated once per test run, never disposed).</summary>
internal static class DtlsTestCertificates
{
    private static readonly Lazy<DtlsCertificate> LazyClient = new(() => DtlsCertificate.Generate("test-client"));
    private static readonly Lazy<DtlsCertificate> LazyServer = new(() => DtlsCertificate.Generate("test-server"));

    public static DtlsCertificate Client => LazyClient.Value;

    public static DtlsCertificate Server => LazyServer.Value;

    /// <summary>A fresh self-signed ECDSA P-256 certificate as PEM text plus its DER, for tools and FromPem.</summary>
    public static (string CertificatePem, string PrivateKeyPem, byte[] Der) CreatePem(string commonName)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.RawData);
    }
}
