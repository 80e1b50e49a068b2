using System.Runtime.InteropServices;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>Detects, once, whether the system OpenSSL 3 (libssl.so.3 + libcrypto.so.3) can be loaded.</summary>
internal static class OpenSslLibrary
{
    private const nuint MinimumVersion = 0x30000000; // OPENSSL_VERSION_NUMBER of 3.0.0

    private static readonly Lazy<(bool Available, string Description)> Probe = new(Detect);

    internal static bool IsAvailable => Probe.Value.Available;

    /// <summary>The OpenSSL version text, or why it is unavailable.</summary>
    internal static string Description => Probe.Value.Description;

    private static (bool Available, string Description) Detect()
    {
        try
        {
            if (!NativeLibrary.TryLoad(LibCrypto.LibraryName, typeof(OpenSslLibrary).Assembly, null, out _))
            {
                return (false, $"{LibCrypto.LibraryName} could not be loaded (install OpenSSL 3, e.g. the libssl3 package).");
            }

            if (!NativeLibrary.TryLoad(LibSsl.LibraryName, typeof(OpenSslLibrary).Assembly, null, out _))
            {
                return (false, $"{LibSsl.LibraryName} could not be loaded (install OpenSSL 3, e.g. the libssl3 package).");
            }

            nuint version = LibCrypto.OpenSSL_version_num();
            string text = Marshal.PtrToStringUTF8(LibCrypto.OpenSSL_version(0)) ?? $"OpenSSL 0x{version:X}";
            if (version < MinimumVersion)
            {
                return (false, $"{text}: OpenSSL 3.0 or later is required.");
            }

            // Resolve an ssl symbol too, so a broken libssl is reported here rather than at the first handshake.
            _ = LibSsl.DTLS_method();
            return (true, text);
        }
        catch (DllNotFoundException e)
        {
            return (false, e.Message);
        }
        catch (EntryPointNotFoundException e)
        {
            return (false, e.Message);
        }
    }
}
