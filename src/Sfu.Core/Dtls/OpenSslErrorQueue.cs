using System.Text;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>
/// OpenSSL's per-thread error queue. <c>SSL_get_error</c> requires it to be empty before each I/O call, so
/// every SSL operation starts with <see cref="Clear"/>; <see cref="Drain"/> turns the queue into text on failure.
/// </summary>
internal static unsafe class OpenSslErrorQueue
{
    internal static void Clear() => LibCrypto.ERR_clear_error();

    /// <summary>Empties the queue and returns its entries joined by "; " (allocates: failure path only).</summary>
    internal static string Drain()
    {
        StringBuilder? text = null;
        byte* buffer = stackalloc byte[256];
        for (int i = 0; i < 16; i++)
        {
            nuint error = LibCrypto.ERR_get_error();
            if (error == 0)
            {
                break;
            }

            LibCrypto.ERR_error_string_n(error, buffer, 256);
            text ??= new StringBuilder();
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(new string((sbyte*)buffer));
        }

        LibCrypto.ERR_clear_error();
        return text?.ToString() ?? "no OpenSSL error reported";
    }
}
