using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// The parts of the system OpenSSL 3 libcrypto (<c>libcrypto.so.3</c>) that DTLS needs: memory BIOs,
/// PEM loading, certificate digests and the thread-local error queue.
/// </summary>
/// <remarks>
/// Functions that OpenSSL's headers define as macros over <c>BIO_ctrl</c> are reached through
/// <see cref="BIO_ctrl"/> with the command numbers below.
/// </remarks>
internal static unsafe partial class LibCrypto
{
    internal const string LibraryName = "libcrypto.so.3";

    /// <summary>BIO_CTRL_RESET: drop everything buffered in a memory BIO.</summary>
    internal const int BioCtrlReset = 1;

    /// <summary>BIO_C_SET_BUF_MEM_EOF_RETURN: what BIO_read returns on an empty memory BIO.</summary>
    internal const int BioCtrlSetMemEofReturn = 130;

    // ---- library identity ----

    [LibraryImport(LibraryName)]
    internal static partial nuint OpenSSL_version_num();

    /// <summary>Returns a static C string; type 0 is OPENSSL_VERSION.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr OpenSSL_version(int type);

    // ---- error queue ----

    [LibraryImport(LibraryName)]
    internal static partial nuint ERR_get_error();

    [LibraryImport(LibraryName)]
    internal static partial void ERR_clear_error();

    [LibraryImport(LibraryName)]
    internal static partial void ERR_error_string_n(nuint error, byte* buffer, nuint length);

    // ---- BIO ----

    [LibraryImport(LibraryName)]
    internal static partial IntPtr BIO_s_mem();

    /// <summary>Creates a BIO; raw pointer because the BIOs we hand to SSL_set_bio are owned by the SSL.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr BIO_new(IntPtr method);

    /// <summary>A read-only memory BIO over <paramref name="buffer"/>, which must outlive the BIO.</summary>
    [LibraryImport(LibraryName)]
    internal static partial BioHandle BIO_new_mem_buf(byte* buffer, int length);

    [LibraryImport(LibraryName)]
    internal static partial int BIO_free(IntPtr bio);

    [LibraryImport(LibraryName)]
    internal static partial int BIO_read(IntPtr bio, byte* buffer, int length);

    [LibraryImport(LibraryName)]
    internal static partial int BIO_write(IntPtr bio, byte* buffer, int length);

    [LibraryImport(LibraryName)]
    internal static partial nint BIO_ctrl(IntPtr bio, int command, nint larg, IntPtr parg);

    [LibraryImport(LibraryName)]
    internal static partial nuint BIO_ctrl_pending(IntPtr bio);

    // ---- PEM / X509 / EVP_PKEY ----

    [LibraryImport(LibraryName)]
    internal static partial X509Handle PEM_read_bio_X509(BioHandle bio, IntPtr x, IntPtr passwordCallback, IntPtr userData);

    [LibraryImport(LibraryName)]
    internal static partial EvpPkeyHandle PEM_read_bio_PrivateKey(BioHandle bio, IntPtr x, IntPtr passwordCallback, IntPtr userData);

    [LibraryImport(LibraryName)]
    internal static partial void X509_free(IntPtr x509);

    [LibraryImport(LibraryName)]
    internal static partial void EVP_PKEY_free(IntPtr key);

    /// <summary>Digest of the DER encoding of <paramref name="x509"/>; <paramref name="length"/> receives the size.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int X509_digest(X509Handle x509, IntPtr messageDigest, byte* digest, uint* length);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr EVP_sha1();

    [LibraryImport(LibraryName)]
    internal static partial IntPtr EVP_sha224();

    [LibraryImport(LibraryName)]
    internal static partial IntPtr EVP_sha256();

    [LibraryImport(LibraryName)]
    internal static partial IntPtr EVP_sha384();

    [LibraryImport(LibraryName)]
    internal static partial IntPtr EVP_sha512();
}
