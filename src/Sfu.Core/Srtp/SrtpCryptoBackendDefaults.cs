using Sfu.Core.Interop;

namespace Sfu.Core.Srtp;

/// <summary>
/// The backend an <see cref="SrtpContext"/> uses when none is given, chosen per profile from
/// <c>benchmarks/Sfu.Benchmarks/SrtpBenchmarks.cs</c>; falls back to <see cref="SrtpCryptoBackend.DotNet"/> where
/// OpenSSL 3 cannot be loaded.
/// </summary>
/// <remarks>
/// Measured (BenchmarkDotNet short job, 1,200-byte payload, shared 2-core AMD EPYC, .NET 10, OpenSSL 3.0; approximate):
/// ProtectRtp AES-CM-HMAC-SHA1-80 1.09 µs OpenSSL vs 1.72 µs .NET; AES-128-GCM 0.44 µs vs 2.4 µs; AES-256-GCM
/// 0.45 µs vs 1.47 µs; unprotect and SRTCP in the same proportions. OpenSSL wins every profile. The .NET backend
/// also pays an exception (and its allocation) for every GCM packet that fails authentication, because
/// <c>AesGcm.Decrypt</c> reports a bad tag only by throwing.
/// </remarks>
public static class SrtpCryptoBackendDefaults
{
    /// <summary>True when <c>libcrypto.so.3</c> (OpenSSL 3) can be loaded in this process.</summary>
    public static bool IsOpenSslAvailable => LibCryptoEvp.IsAvailable;

    /// <summary>True when <paramref name="backend"/> can be used on this machine.</summary>
    public static bool IsAvailable(SrtpCryptoBackend backend) => backend switch
    {
        SrtpCryptoBackend.DotNet => true,
        SrtpCryptoBackend.OpenSsl => IsOpenSslAvailable,
        _ => false,
    };

    /// <summary>The fastest available backend for <paramref name="profile"/>.</summary>
    public static SrtpCryptoBackend For(SrtpProfile profile)
    {
        SrtpCryptoBackend measured = profile switch
        {
            SrtpProfile.AesCm128HmacSha1_80 => SrtpCryptoBackend.OpenSsl,
            SrtpProfile.AeadAes128Gcm => SrtpCryptoBackend.OpenSsl,
            SrtpProfile.AeadAes256Gcm => SrtpCryptoBackend.OpenSsl,
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
        };

        return IsAvailable(measured) ? measured : SrtpCryptoBackend.DotNet;
    }
}
