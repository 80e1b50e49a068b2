using Sfu.Core.Interop;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>Creates the per-backend primitive implementations.</summary>
internal static class SrtpCryptoFactory
{
    internal static SrtpAesCtrCipher CreateAesCtr(SrtpCryptoBackend backend, ReadOnlySpan<byte> key) => backend switch
    {
        SrtpCryptoBackend.DotNet => new DotNetAesCtrCipher(key),
        SrtpCryptoBackend.OpenSsl => new OpenSslAesCtrCipher(key),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown SRTP crypto backend."),
    };

    internal static SrtpHmacSha1 CreateHmacSha1(SrtpCryptoBackend backend, ReadOnlySpan<byte> key) => backend switch
    {
        SrtpCryptoBackend.DotNet => new DotNetHmacSha1(key),
        SrtpCryptoBackend.OpenSsl => new OpenSslHmacSha1(key),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown SRTP crypto backend."),
    };

    internal static SrtpAesGcmCipher CreateAesGcm(SrtpCryptoBackend backend, ReadOnlySpan<byte> key) => backend switch
    {
        SrtpCryptoBackend.DotNet => new DotNetAesGcmCipher(key),
        SrtpCryptoBackend.OpenSsl => new OpenSslAesGcmCipher(key),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown SRTP crypto backend."),
    };

    /// <summary>Throws when <paramref name="backend"/> cannot be used in this process.</summary>
    internal static void EnsureAvailable(SrtpCryptoBackend backend)
    {
        if (backend == SrtpCryptoBackend.OpenSsl && !LibCryptoEvp.IsAvailable)
        {
            throw new PlatformNotSupportedException($"The {backend} SRTP backend needs {LibCryptoEvp.LibraryName} (OpenSSL 3), which could not be loaded.");
        }

        if (backend is not (SrtpCryptoBackend.DotNet or SrtpCryptoBackend.OpenSsl))
        {
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown SRTP crypto backend.");
        }
    }
}
