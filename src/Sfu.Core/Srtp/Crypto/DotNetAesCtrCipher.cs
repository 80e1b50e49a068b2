using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// AES-CTR built from a cached AES-ECB encryptor: counter blocks are written into a reusable scratch buffer,
/// encrypted in one <see cref="ICryptoTransform.TransformBlock"/> call per chunk, and XORed onto the data.
/// </summary>
internal sealed class DotNetAesCtrCipher : SrtpAesCtrCipher
{
    private const int BlockSize = 16;
    private const int ChunkBytes = 4096;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public DotNetAesCtrCipher(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    public override bool Transform(ReadOnlySpan<byte> initialCounter, Span<byte> data)
    {
        // The counter is 128 bits; SRTP never adds more than 2^16 blocks to an IV whose low 16 bits are zero,
        // but a 64-bit add with carry into the high half keeps this a faithful 128-bit increment anyway.
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(initialCounter);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(initialCounter[8..]);
        Span<byte> counters = _counterBlocks;
        while (!data.IsEmpty)
        {
            int chunk = Math.Min(data.Length, ChunkBytes);
            int blocks = (chunk + BlockSize - 1) / BlockSize;
            for (int i = 0; i < blocks; i++)
            {
                Span<byte> block = counters.Slice(i * BlockSize, BlockSize);
                BinaryPrimitives.WriteUInt64BigEndian(block, high);
                BinaryPrimitives.WriteUInt64BigEndian(block[8..], low);
                low++;
                if (low == 0)
                {
                    high++;
                }
            }

            if (_ecb.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0) != blocks * BlockSize)
            {
                return false;
            }

            XorInPlace(data[..chunk], _keystream);
            data = data[chunk..];
        }

        return true;
    }

    /// <summary>data[i] ^= keystream[i] for every byte of <paramref name="data"/>.</summary>
    internal static void XorInPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && data.Length >= System.Numerics.Vector<byte>.Count)
        {
            int width = System.Numerics.Vector<byte>.Count;
            for (; i <= data.Length - width; i += width)
            {
                var d = new System.Numerics.Vector<byte>(data[i..]);
                var k = new System.Numerics.Vector<byte>(keystream[i..]);
                (d ^ k).CopyTo(data[i..]);
            }
        }

        for (; i <= data.Length - sizeof(ulong); i += sizeof(ulong))
        {
            ref ulong d = ref MemoryMarshal.Cast<byte, ulong>(data[i..(i + sizeof(ulong))])[0];
            d ^= MemoryMarshal.Read<ulong>(keystream[i..]);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ecb.Dispose();
            _aes.Dispose();
        }
    }
}
