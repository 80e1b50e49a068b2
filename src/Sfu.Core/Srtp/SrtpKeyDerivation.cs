using System.Security.Cryptography;

namespace Sfu.Core.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 section 4.3) with a key derivation rate of 0, which DTLS-SRTP always
/// uses: session key = AES-CM PRF keyed with the master key, run from IV = (label || 0^48) XOR master_salt, times 2^16.
/// RFC 7714 section 11 reuses it unchanged for the AEAD profiles; their 96-bit master salt is placed in the top 96
/// bits of the 112-bit salt field (right-padded with zeros), with AES-256 as the PRF for 256-bit master keys.
/// </summary>
internal static class SrtpKeyDerivation
{
    internal const byte LabelRtpEncryption = 0x00;
    internal const byte LabelRtpAuthentication = 0x01;
    internal const byte LabelRtpSalt = 0x02;
    internal const byte LabelRtcpEncryption = 0x03;
    internal const byte LabelRtcpAuthentication = 0x04;
    internal const byte LabelRtcpSalt = 0x05;

    private const int BlockSize = 16;

    /// <summary>Fills <paramref name="output"/> with the PRF output for <paramref name="label"/>.</summary>
    internal static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("The SRTP master salt is at most 112 bits.", nameof(masterSalt));
        }

        //  x = key_id XOR master_salt, key_id = label || r (r = 0 with kdr 0), laid out over the 112-bit salt:
        //  byte:  0 ........ 6 | 7     | 8 ......... 13 | 14 15
        //         salt         | salt^label | salt      | 00 00  (block counter)
        Span<byte> iv = stackalloc byte[BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;

        int blocks = (output.Length + BlockSize - 1) / BlockSize;
        byte[] counters = new byte[blocks * BlockSize];
        for (int j = 0; j < blocks; j++)
        {
            Span<byte> block = counters.AsSpan(j * BlockSize, BlockSize);
            iv.CopyTo(block);
            block[14] = (byte)(j >> 8);
            block[15] = (byte)j;
        }

        using Aes aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        byte[] keystream = aes.EncryptEcb(counters, PaddingMode.None);
        keystream.AsSpan(0, output.Length).CopyTo(output);
        CryptographicOperations.ZeroMemory(keystream);
    }
}
