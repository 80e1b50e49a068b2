using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// P/Invoke declarations for the slice of OpenSSL 3.0's EVP API that SRTP needs: AES-CTR and AES-GCM through
/// <c>EVP_CIPHER_CTX</c>, and HMAC-SHA1 through <c>EVP_MAC</c>. Every pointer is blittable; contexts are owned
/// by <see cref="EvpCipherContextHandle"/>, <see cref="EvpMacHandle"/> and <see cref="EvpMacContextHandle"/>,
/// and the per-packet entry points take the raw context pointer so the hot path pays no SafeHandle marshalling.
/// </summary>
internal static unsafe partial class LibCryptoEvp
{
    /// <summary>The OpenSSL 3 shared library name on Linux.</summary>
    internal const string LibraryName = "libcrypto.so.3";

    /// <summary><c>EVP_CTRL_GCM_SET_IVLEN</c> (same value as <c>EVP_CTRL_AEAD_SET_IVLEN</c>).</summary>
    internal const int EVP_CTRL_GCM_SET_IVLEN = 0x9;

    /// <summary><c>EVP_CTRL_GCM_GET_TAG</c>.</summary>
    internal const int EVP_CTRL_GCM_GET_TAG = 0x10;

    /// <summary><c>EVP_CTRL_GCM_SET_TAG</c>.</summary>
    internal const int EVP_CTRL_GCM_SET_TAG = 0x11;

    /// <summary><c>OSSL_PARAM_UTF8_STRING</c>.</summary>
    internal const uint OSSL_PARAM_UTF8_STRING = 4;

    private static readonly Lazy<bool> Availability = new(ProbeAvailability);

    /// <summary>True when <c>libcrypto.so.3</c> loads and exports what this class calls.</summary>
    internal static bool IsAvailable => Availability.Value;

    private static bool ProbeAvailability()
    {
        if (!NativeLibrary.TryLoad(LibraryName, typeof(LibCryptoEvp).Assembly, null, out nint library))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(library, "EVP_MAC_fetch", out _)
            && NativeLibrary.TryGetExport(library, "EVP_aes_128_gcm", out _)
            && NativeLibrary.TryGetExport(library, "EVP_aes_128_ctr", out _);
    }

    // ---- cipher contexts ----

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial EvpCipherContextHandle EVP_CIPHER_CTX_new();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void EVP_CIPHER_CTX_free(nint ctx);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nint EVP_aes_128_ctr();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nint EVP_aes_128_gcm();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nint EVP_aes_256_gcm();

    /// <summary>
    /// <c>int EVP_CipherInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl,
    /// const unsigned char *key, const unsigned char *iv, int enc)</c>. With a null cipher and key it only
    /// installs a new IV (and direction) on an already keyed context, which is what each packet does.
    /// </summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_CipherInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int enc);

    /// <summary><c>int EVP_CipherUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl)</c>.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_CipherUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    /// <summary><c>int EVP_CipherFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *outm, int *outl)</c>.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_CipherFinal_ex(nint ctx, byte* output, int* outputLength);

    /// <summary><c>int EVP_CIPHER_CTX_ctrl(EVP_CIPHER_CTX *ctx, int type, int arg, void *ptr)</c>.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_CIPHER_CTX_ctrl(nint ctx, int type, int arg, void* ptr);

    // ---- EVP_MAC (HMAC) ----

    /// <summary><c>EVP_MAC *EVP_MAC_fetch(OSSL_LIB_CTX *libctx, const char *algorithm, const char *properties)</c>.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial EvpMacHandle EVP_MAC_fetch(nint libraryContext, byte* algorithm, byte* properties);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void EVP_MAC_free(nint mac);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial EvpMacContextHandle EVP_MAC_CTX_new(EvpMacHandle mac);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void EVP_MAC_CTX_free(nint ctx);

    /// <summary>
    /// <c>int EVP_MAC_init(EVP_MAC_CTX *ctx, const unsigned char *key, size_t keylen, const OSSL_PARAM params[])</c>.
    /// With a null key it resets the context to the key set before (HMAC keeps its keyed inner/outer state).
    /// </summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_MAC_init(nint ctx, byte* key, nuint keyLength, OsslParam* parameters);

    /// <summary><c>int EVP_MAC_update(EVP_MAC_CTX *ctx, const unsigned char *data, size_t datalen)</c>.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_MAC_update(nint ctx, byte* data, nuint dataLength);

    /// <summary><c>int EVP_MAC_final(EVP_MAC_CTX *ctx, unsigned char *out, size_t *outl, size_t outsize)</c>.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int EVP_MAC_final(nint ctx, byte* output, nuint* outputLength, nuint outputSize);

    /// <summary>
    /// <c>OSSL_PARAM</c>: <c>{ const char *key; unsigned int data_type; void *data; size_t data_size; size_t return_size; }</c>.
    /// An array ends with an element whose key is null.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct OsslParam
    {
        public byte* Key;
        public uint DataType;
        public void* Data;
        public nuint DataSize;
        public nuint ReturnSize;
    }
}
