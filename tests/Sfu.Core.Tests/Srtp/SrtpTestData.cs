using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Shared helpers for the SRTP tests: hex parsing, backends and profiles as theory data, RTP/RTCP builders.</summary>
internal static class SrtpTestData
{
    public static byte[] Hex(string hex)
    {
        var compact = new System.Text.StringBuilder(hex.Length);
        foreach (char c in hex)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        return Convert.FromHexString(compact.ToString());
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static readonly SrtpCryptoBackend[] Backends = [SrtpCryptoBackend.DotNet, SrtpCryptoBackend.OpenSsl];

    public static readonly SrtpProfile[] Profiles = [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    public static TheoryData<SrtpCryptoBackend> BackendData()
    {
        var data = new TheoryData<SrtpCryptoBackend>();
        foreach (SrtpCryptoBackend backend in Backends)
        {
            data.Add(backend);
        }

        return data;
    }

    public static TheoryData<SrtpProfile, SrtpCryptoBackend> ProfileBackendData()
    {
        var data = new TheoryData<SrtpProfile, SrtpCryptoBackend>();
        foreach (SrtpProfile profile in Profiles)
        {
            foreach (SrtpCryptoBackend backend in Backends)
            {
                data.Add(profile, backend);
            }
        }

        return data;
    }

    /// <summary>A deterministic master key and salt of the right lengths for <paramref name="profile"/>.</summary>
    public static (byte[] Key, byte[] Salt) MasterKeys(SrtpProfile profile, byte seed = 1)
    {
        byte[] key = new byte[profile.MasterKeyLength()];
        byte[] salt = new byte[profile.MasterSaltLength()];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        for (int i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(seed + 0x80 + (i * 13));
        }

        return (key, salt);
    }

    public static SrtpContext NewContext(SrtpProfile profile, SrtpCryptoBackend backend, byte seed = 1, int replayWindowSize = 128, int maxSsrcCount = 256)
    {
        (byte[] key, byte[] salt) = MasterKeys(profile, seed);
        return new SrtpContext(profile, key, salt, backend, replayWindowSize, maxSsrcCount);
    }

    /// <summary>
    /// Writes an RTP packet into <paramref name="buffer"/>: optional CSRCs and a header extension, then
    /// <paramref name="payloadLength"/> payload bytes derived from the sequence number. Returns its length.
    /// </summary>
    public static int WriteRtp(Span<byte> buffer, uint ssrc, ushort sequenceNumber, int payloadLength, int csrcCount = 0, int extensionWords = -1)
    {
        int offset = 12;
        buffer[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        buffer[1] = 96;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequenceNumber);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], sequenceNumber * 960u);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer[offset..], 0x1000u + (uint)i);
            offset += 4;
        }

        if (extensionWords >= 0)
        {
            buffer[offset] = 0xBE;
            buffer[offset + 1] = 0xDE;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 2)..], (ushort)extensionWords);
            offset += 4;
            for (int i = 0; i < extensionWords * 4; i++)
            {
                buffer[offset++] = (byte)(0x40 + i);
            }
        }

        for (int i = 0; i < payloadLength; i++)
        {
            buffer[offset++] = (byte)(sequenceNumber + (i * 31));
        }

        return offset;
    }

    /// <summary>Writes a sender-report-shaped RTCP packet with <paramref name="bodyLength"/> bytes after the 8-byte header.</summary>
    public static int WriteRtcp(Span<byte> buffer, uint ssrc, int bodyLength, byte fill = 0x5A)
    {
        int length = 8 + bodyLength;
        buffer[0] = 0x80;
        buffer[1] = 200;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)((length / 4) - 1));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        for (int i = 0; i < bodyLength; i++)
        {
            buffer[8 + i] = (byte)(fill + i);
        }

        return length;
    }
}
