using Sfu.Core.Interop;

namespace Sfu.Core.Srtp;

/// <summary>
/// The backend an <see cref="SrtpContext"/> uses when none is given, chosen per profile from
/// <c>benchmarks/Sfu.Benchmarks/SrtpBenchmarks.cs</c>; falls back to <see cref="SrtpCryptoBackend.DotNet"/> where
/// OpenSSL 3 cannot be loaded.
/// </summary>
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
