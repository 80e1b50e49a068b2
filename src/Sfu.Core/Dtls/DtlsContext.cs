using System.Runtime.InteropServices;
using System.Text;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>
/// One OpenSSL <c>SSL_CTX</c> for DTLS 1.2 with DTLS-SRTP: certificate, key, SRTP profile list, ciphers and
/// groups. Shared by every <see cref="DtlsTransport"/> with the same certificate and SRTP profile list
/// (cached by <see cref="DtlsCertificate"/>); each SSL keeps its own reference, so disposing the context
/// does not affect live transports.
/// </summary>
internal sealed unsafe class DtlsContext : IDisposable
{
    // ECDHE only (forward secrecy), AEAD first. ECDSA suites serve our own certificate; the RSA ones let
    // us connect as a client to a peer with an RSA certificate.
    private static ReadOnlySpan<byte> CipherList =>
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"u8 +
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:"u8 +
        "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA\0"u8;

    private static ReadOnlySpan<byte> GroupsList => "X25519:P-256:P-384\0"u8;

    private DtlsContext(SslCtxHandle handle)
    {
        Handle = handle;
    }

    internal SslCtxHandle Handle { get; }

    internal static DtlsContext Create(X509Handle certificate, EvpPkeyHandle privateKey, string srtpProfileList)
    {
        OpenSslErrorQueue.Clear();
        SslCtxHandle context = LibSsl.SSL_CTX_new(LibSsl.DTLS_method());
        if (context.IsInvalid)
        {
            context.Dispose();
            throw Failure("SSL_CTX_new");
        }

        try
        {
            Check(LibSsl.SSL_CTX_ctrl(context, LibSsl.SslCtrlSetMinProtoVersion, LibSsl.Dtls12Version, IntPtr.Zero) == 1, "SSL_CTX_set_min_proto_version");
            Check(LibSsl.SSL_CTX_ctrl(context, LibSsl.SslCtrlSetMaxProtoVersion, LibSsl.Dtls12Version, IntPtr.Zero) == 1, "SSL_CTX_set_max_proto_version");
            _ = LibSsl.SSL_CTX_set_options(
                context,
                LibSsl.SslOpNoQueryMtu | LibSsl.SslOpNoTicket | LibSsl.SslOpCipherServerPreference | LibSsl.SslOpNoRenegotiation);
            _ = LibSsl.SSL_CTX_ctrl(context, LibSsl.SslCtrlSetSessionCacheMode, 0, IntPtr.Zero); // SSL_SESS_CACHE_OFF
            _ = LibSsl.SSL_CTX_ctrl(context, LibSsl.SslCtrlMode, (nint)LibSsl.SslModeReleaseBuffers, IntPtr.Zero);

            fixed (byte* ciphers = CipherList)
            {
                Check(LibSsl.SSL_CTX_set_cipher_list(context, ciphers) == 1, "SSL_CTX_set_cipher_list");
            }

            fixed (byte* groups = GroupsList)
            {
                Check(LibSsl.SSL_CTX_ctrl(context, LibSsl.SslCtrlSetGroupsList, 0, (IntPtr)groups) == 1, "SSL_CTX_set1_groups_list");
            }

            Check(LibSsl.SSL_CTX_use_certificate(context, certificate) == 1, "SSL_CTX_use_certificate");
            Check(LibSsl.SSL_CTX_use_PrivateKey(context, privateKey) == 1, "SSL_CTX_use_PrivateKey");
            Check(LibSsl.SSL_CTX_check_private_key(context) == 1, "SSL_CTX_check_private_key (key does not match certificate)");

            byte[] profiles = Encoding.ASCII.GetBytes(srtpProfileList + "\0");
            fixed (byte* list = profiles)
            {
                Check(LibSsl.SSL_CTX_set_tlsext_use_srtp(context, list) == 0, "SSL_CTX_set_tlsext_use_srtp");
            }

            // WebRTC peers use self-signed certificates: accept any chain during the handshake and check the
            // SHA fingerprint from the SDP afterwards. A client certificate is mandatory (RFC 5763 section 5).
            LibSsl.SSL_CTX_set_verify(context, LibSsl.SslVerifyPeer | LibSsl.SslVerifyFailIfNoPeerCert, &AcceptAnyCertificate);
            return new DtlsContext(context);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();

    [UnmanagedCallersOnly]
    private static int AcceptAnyCertificate(int preverifyOk, IntPtr storeContext) => 1;

    private static void Check(bool ok, string operation)
    {
        if (!ok)
        {
            throw Failure(operation);
        }
    }

    private static InvalidOperationException Failure(string operation) =>
        new($"OpenSSL {operation} failed: {OpenSslErrorQueue.Drain()}");
}
