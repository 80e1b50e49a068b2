using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>
/// Our DTLS certificate and private key, loaded into OpenSSL (X509 + EVP_PKEY). Typically one per server
/// process: its <see cref="Fingerprint"/> goes into every SDP answer (<c>a=fingerprint</c>). Thread-safe; it also
/// caches the OpenSSL contexts built from it, one per SRTP profile list. Dispose after the last transport was
/// created (live transports keep their own OpenSSL references).
/// </summary>
public sealed unsafe class DtlsCertificate : IDisposable
{
    private static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    private readonly object _gate = new();
    private readonly Dictionary<string, DtlsContext> _contexts = new(StringComparer.Ordinal);
    private readonly X509Handle _certificate;
    private readonly EvpPkeyHandle _privateKey;
    private bool _disposed;

    private DtlsCertificate(X509Handle certificate, EvpPkeyHandle privateKey, DateTimeOffset notAfter)
    {
        _certificate = certificate;
        _privateKey = privateKey;
        NotAfter = notAfter;
        Fingerprint = ComputeFingerprint(certificate, DtlsFingerprint.Sha256);
    }

    /// <summary>SHA-256 fingerprint of the certificate, for <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>End of the validity period (WebRTC peers do not check it; it is informational).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>
    /// Creates a self-signed ECDSA P-256 certificate (the kind browsers generate for WebRTC).
    /// </summary>
    /// <param name="commonName">Subject CN.</param>
    /// <param name="validity">Validity from now; default one year. The certificate is back-dated by one day.</param>
    public static DtlsCertificate Generate(string commonName = "sfu", TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        TimeSpan lifetime = validity ?? DefaultValidity;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(validity));

        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now + lifetime);

        byte[] certificatePem = Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        char[] keyPemChars = PemEncoding.Write("PRIVATE KEY", pkcs8);
        byte[] keyPem = Encoding.ASCII.GetBytes(keyPemChars);
        try
        {
            return Load(certificatePem, keyPem);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(keyPemChars.AsSpan()));
            CryptographicOperations.ZeroMemory(keyPem);
        }
    }

    /// <summary>
    /// Loads a PEM certificate ("BEGIN CERTIFICATE") and its PEM private key (PKCS#8 "BEGIN PRIVATE KEY" or
    /// "BEGIN EC PRIVATE KEY"/"BEGIN RSA PRIVATE KEY", unencrypted). Throws if they do not load or do not match.
    /// </summary>
    public static DtlsCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePem);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        byte[] keyPem = Encoding.ASCII.GetBytes(privateKeyPem);
        try
        {
            return Load(Encoding.ASCII.GetBytes(certificatePem), keyPem);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyPem);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (DtlsContext context in _contexts.Values)
            {
                context.Dispose();
            }

            _contexts.Clear();
        }

        _certificate.Dispose();
        _privateKey.Dispose();
    }

    /// <summary>The shared OpenSSL context for <paramref name="options"/>' SRTP profile list, created on first use.</summary>
    internal DtlsContext GetContext(DtlsOptions options)
    {
        string profiles = options.OpenSslProfileList();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_contexts.TryGetValue(profiles, out DtlsContext? context))
            {
                context = DtlsContext.Create(_certificate, _privateKey, profiles);
                _contexts.Add(profiles, context);
            }

            return context;
        }
    }

    /// <summary>Digest of a certificate's DER encoding with the named SHA algorithm, as OpenSSL computes it.</summary>
    internal static DtlsFingerprint ComputeFingerprint(X509Handle certificate, string algorithm)
    {
        IntPtr digest = algorithm switch
        {
            "sha-1" => LibCrypto.EVP_sha1(),
            "sha-224" => LibCrypto.EVP_sha224(),
            "sha-256" => LibCrypto.EVP_sha256(),
            "sha-384" => LibCrypto.EVP_sha384(),
            "sha-512" => LibCrypto.EVP_sha512(),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unsupported fingerprint algorithm."),
        };

        byte* buffer = stackalloc byte[64];
        uint length = 64;
        OpenSslErrorQueue.Clear();
        if (LibCrypto.X509_digest(certificate, digest, buffer, &length) != 1)
        {
            throw new InvalidOperationException($"OpenSSL X509_digest failed: {OpenSslErrorQueue.Drain()}");
        }

        return new DtlsFingerprint(algorithm, new ReadOnlySpan<byte>(buffer, (int)length));
    }

    private static DtlsCertificate Load(byte[] certificatePem, byte[] privateKeyPem)
    {
        X509Handle certificate = ReadPem(certificatePem, static bio => LibCrypto.PEM_read_bio_X509(bio, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero), "certificate");
        EvpPkeyHandle privateKey;
        try
        {
            privateKey = ReadPem(privateKeyPem, static bio => LibCrypto.PEM_read_bio_PrivateKey(bio, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero), "private key");
        }
        catch
        {
            certificate.Dispose();
            throw;
        }

        DateTimeOffset notAfter;
        try
        {
            using X509Certificate2 managed = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(certificatePem));
            notAfter = new DateTimeOffset(managed.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (CryptographicException)
        {
            notAfter = DateTimeOffset.MaxValue;
        }

        var result = new DtlsCertificate(certificate, privateKey, notAfter);
        try
        {
            // Builds the default context now: a key that does not match the certificate fails here.
            _ = result.GetContext(DtlsOptions.Default);
        }
        catch
        {
            result.Dispose();
            throw;
        }

        return result;
    }

    private static THandle ReadPem<THandle>(byte[] pem, Func<BioHandle, THandle> read, string what)
        where THandle : SafeHandle
    {
        OpenSslErrorQueue.Clear();
        fixed (byte* data = pem)
        {
            using BioHandle bio = LibCrypto.BIO_new_mem_buf(data, pem.Length);
            if (bio.IsInvalid)
            {
                throw new InvalidOperationException($"OpenSSL BIO_new_mem_buf failed: {OpenSslErrorQueue.Drain()}");
            }

            THandle handle = read(bio);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new ArgumentException($"The PEM {what} could not be loaded by OpenSSL: {OpenSslErrorQueue.Drain()}");
            }

            return handle;
        }
    }
}
