using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// The parts of the system OpenSSL 3 libssl (<c>libssl.so.3</c>) that DTLS 1.2 with DTLS-SRTP needs.
/// </summary>
/// <remarks>
/// Several documented OpenSSL "functions" are macros over <c>SSL_ctrl</c> / <c>SSL_CTX_ctrl</c>; the command
/// numbers are the constants below (values from OpenSSL 3.0's <c>ssl.h</c> / <c>dtls1.h</c>).
/// </remarks>
internal static unsafe partial class LibSsl
{
    internal const string LibraryName = "libssl.so.3";

    // ---- ctrl commands ----
    internal const int SslCtrlSetMtu = 17;                 // SSL_set_mtu
    internal const int SslCtrlMode = 33;                   // SSL_CTX_set_mode / SSL_set_mode
    internal const int SslCtrlSetSessionCacheMode = 44;    // SSL_CTX_set_session_cache_mode
    internal const int DtlsCtrlGetTimeout = 73;            // DTLSv1_get_timeout (parg: struct timeval*)
    internal const int DtlsCtrlHandleTimeout = 74;         // DTLSv1_handle_timeout
    internal const int SslCtrlSetGroupsList = 92;          // SSL_CTX_set1_groups_list (parg: char*)
    internal const int SslCtrlSetMinProtoVersion = 123;    // SSL_CTX_set_min_proto_version
    internal const int SslCtrlSetMaxProtoVersion = 124;    // SSL_CTX_set_max_proto_version

    internal const int Dtls12Version = 0xFEFD;

    // ---- options (uint64_t in OpenSSL 3.0) ----
    internal const ulong SslOpNoQueryMtu = 1UL << 12;
    internal const ulong SslOpNoTicket = 1UL << 14;
    internal const ulong SslOpCipherServerPreference = 1UL << 22;
    internal const ulong SslOpNoRenegotiation = 1UL << 30;

    // ---- modes ----
    internal const long SslModeReleaseBuffers = 0x10;      // SSL_MODE_RELEASE_BUFFERS

    // ---- verify modes ----
    internal const int SslVerifyPeer = 0x01;
    internal const int SslVerifyFailIfNoPeerCert = 0x02;

    // ---- SSL_get_error results ----
    internal const int SslErrorNone = 0;
    internal const int SslErrorSsl = 1;
    internal const int SslErrorWantRead = 2;
    internal const int SslErrorWantWrite = 3;
    internal const int SslErrorSyscall = 5;
    internal const int SslErrorZeroReturn = 6;

    // ---- context ----

    [LibraryImport(LibraryName)]
    internal static partial IntPtr DTLS_method();

    [LibraryImport(LibraryName)]
    internal static partial SslCtxHandle SSL_CTX_new(IntPtr method);

    [LibraryImport(LibraryName)]
    internal static partial void SSL_CTX_free(IntPtr context);

    [LibraryImport(LibraryName)]
    internal static partial nint SSL_CTX_ctrl(SslCtxHandle context, int command, nint larg, IntPtr parg);

    [LibraryImport(LibraryName)]
    internal static partial ulong SSL_CTX_set_options(SslCtxHandle context, ulong options);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_CTX_use_certificate(SslCtxHandle context, X509Handle certificate);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_CTX_use_PrivateKey(SslCtxHandle context, EvpPkeyHandle key);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_CTX_check_private_key(SslCtxHandle context);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_CTX_set_cipher_list(SslCtxHandle context, byte* cipherList);

    /// <summary>Returns 0 on success (unlike most OpenSSL functions).</summary>
    [LibraryImport(LibraryName)]
    internal static partial int SSL_CTX_set_tlsext_use_srtp(SslCtxHandle context, byte* profiles);

    [LibraryImport(LibraryName)]
    internal static partial void SSL_CTX_set_verify(SslCtxHandle context, int mode, delegate* unmanaged<int, IntPtr, int> callback);

    // ---- connection ----

    [LibraryImport(LibraryName)]
    internal static partial SslHandle SSL_new(SslCtxHandle context);

    [LibraryImport(LibraryName)]
    internal static partial void SSL_free(IntPtr ssl);

    /// <summary>Frees the read and write buffers when nothing is pending in them; 1 when freed.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int SSL_free_buffers(SslHandle ssl);

    /// <summary>Allocates the read and write buffers (again); 1 on success or when they exist.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int SSL_alloc_buffers(SslHandle ssl);

    /// <summary>The SSL takes ownership of both BIOs.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void SSL_set_bio(SslHandle ssl, IntPtr readBio, IntPtr writeBio);

    [LibraryImport(LibraryName)]
    internal static partial void SSL_set_connect_state(SslHandle ssl);

    [LibraryImport(LibraryName)]
    internal static partial void SSL_set_accept_state(SslHandle ssl);

    [LibraryImport(LibraryName)]
    internal static partial nint SSL_ctrl(SslHandle ssl, int command, nint larg, IntPtr parg);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_set_ex_data(SslHandle ssl, int index, IntPtr data);

    /// <summary>Raw-pointer form, for use inside OpenSSL callbacks.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr SSL_get_ex_data(IntPtr ssl, int index);

    [LibraryImport(LibraryName)]
    internal static partial void DTLS_set_timer_cb(SslHandle ssl, delegate* unmanaged<IntPtr, uint, uint> callback);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_do_handshake(SslHandle ssl);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_get_error(SslHandle ssl, int result);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_read(SslHandle ssl, byte* buffer, int length);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_write(SslHandle ssl, byte* buffer, int length);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_shutdown(SslHandle ssl);

    [LibraryImport(LibraryName)]
    internal static partial X509Handle SSL_get1_peer_certificate(SslHandle ssl);

    /// <summary>Returns an <c>SRTP_PROTECTION_PROFILE*</c> (const char* name; unsigned long id) or null.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr SSL_get_selected_srtp_profile(SslHandle ssl);

    [LibraryImport(LibraryName)]
    internal static partial int SSL_export_keying_material(
        SslHandle ssl, byte* output, nuint outputLength, byte* label, nuint labelLength,
        byte* context, nuint contextLength, int useContext);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr SSL_get_current_cipher(SslHandle ssl);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr SSL_CIPHER_get_name(IntPtr cipher);
}
