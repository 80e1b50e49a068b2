using System.Buffers.Binary;

namespace Sfu.Core.Tests.Sctp;

/// <summary>Test messages that carry their index and a checkable pattern, so corruption and order show.</summary>
internal static class SctpMessages
{
    public static byte[] Make(int index, int size)
    {
        size = Math.Max(size, 8);
        var message = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(message, index);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), size);
        for (int i = 8; i < size; i++)
        {
            message[i] = (byte)(index * 31 + i);
        }

        return message;
    }

    /// <summary>The index of an intact message; fails the test on any corruption.</summary>
    public static int Check(byte[] message)
    {
        Assert.True(message.Length >= 8, "message shorter than its header");
        int index = BinaryPrimitives.ReadInt32BigEndian(message);
        Assert.Equal(message.Length, BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(4)));
        for (int i = 8; i < message.Length; i++)
        {
            if (message[i] != (byte)(index * 31 + i))
            {
                Assert.Fail($"message {index} corrupted at byte {i}");
            }
        }

        return index;
    }

    /// <summary>Sizes from 8 bytes to several MTUs, deterministic.</summary>
    public static int Size(Random random) => random.Next(4) switch
    {
        0 => random.Next(8, 64),
        1 => random.Next(64, 1200),
        2 => random.Next(1200, 4000),
        _ => random.Next(4000, 20_000),
    };
}
