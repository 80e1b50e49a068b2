using System.Buffers.Binary;
using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

public sealed class DtlsDatagramValidatorTests
{
    [Fact]
    public void EveryDatagramOfARealHandshakeIsValid()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect(new DtlsOptions { Mtu = 400 }, new DtlsOptions { Mtu = 400 });
        using (client)
        using (server)
        {
            Assert.True(client.Transport.SendApplicationData([1]));
            Assert.True(server.Transport.SendApplicationData([2]));
            client.Transport.Close();
            foreach (byte[] datagram in client.Sent.Concat(server.Sent))
            {
                Assert.Equal(DtlsDatagramCheck.Valid, DtlsDatagramValidator.Check(datagram, 24));
            }

            Assert.Equal(0, client.Transport.DiscardedDatagrams);
            Assert.Equal(0, server.Transport.DiscardedDatagrams);
            Assert.Equal(DtlsDatagramCheck.Valid, server.Transport.LastDiscardReason);
        }
    }

    [Fact]
    public void TruncationIsValidOnlyAtRecordBoundaries()
    {
        (DtlsTestPeer client, DtlsTestPeer server) = DtlsTestLink.Connect();
        using (client)
        using (server)
        {
            foreach (byte[] datagram in client.Sent.Concat(server.Sent))
            {
                var boundaries = new HashSet<int>();
                for (int at = 0; at < datagram.Length;)
                {
                    at += 13 + BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(at + 11));
                    boundaries.Add(at);
                }

                for (int length = 1; length < datagram.Length; length++)
                {
                    DtlsDatagramCheck check = DtlsDatagramValidator.Check(datagram.AsSpan(0, length));
                    if (boundaries.Contains(length))
                    {
                        Assert.Equal(DtlsDatagramCheck.Valid, check);
                    }
                    else
                    {
                        Assert.True(check is DtlsDatagramCheck.TruncatedRecordHeader or DtlsDatagramCheck.TruncatedRecord, $"{length}: {check}");
                    }
                }
            }
        }
    }

    [Fact]
    public void NamesTheReasonForEachDefect()
    {
        Assert.Equal(DtlsDatagramCheck.Empty, DtlsDatagramValidator.Check([]));
        Assert.Equal(DtlsDatagramCheck.TruncatedRecordHeader, DtlsDatagramValidator.Check([22, 0xFE, 0xFD]));
        Assert.Equal(DtlsDatagramCheck.UnknownContentType, DtlsDatagramValidator.Check(Record(24, 0, [1])));
        Assert.Equal(DtlsDatagramCheck.UnknownContentType, DtlsDatagramValidator.Check(Record(19, 0, [1])));
        Assert.Equal(DtlsDatagramCheck.UnknownVersion, DtlsDatagramValidator.Check(Record(22, 0, ClientHelloFragment(), version: 0x0303)));
        Assert.Equal(DtlsDatagramCheck.UnknownVersion, DtlsDatagramValidator.Check(Record(22, 0, ClientHelloFragment(), version: 0xFEFC)));

        byte[] truncated = Record(22, 0, ClientHelloFragment());
        Assert.Equal(DtlsDatagramCheck.TruncatedRecord, DtlsDatagramValidator.Check(truncated.AsSpan(0, truncated.Length - 1)));

        byte[] huge = Record(23, 1, new byte[16]);
        BinaryPrimitives.WriteUInt16BigEndian(huge.AsSpan(11), 16384 + 2049);
        Assert.Equal(DtlsDatagramCheck.RecordTooLong, DtlsDatagramValidator.Check(huge));

        Assert.Equal(DtlsDatagramCheck.PlaintextApplicationData, DtlsDatagramValidator.Check(Record(23, 0, [1, 2, 3])));
        Assert.Equal(DtlsDatagramCheck.Valid, DtlsDatagramValidator.Check(Record(20, 0, [1])));
        Assert.Equal(DtlsDatagramCheck.MalformedChangeCipherSpec, DtlsDatagramValidator.Check(Record(20, 0, [2])));
        Assert.Equal(DtlsDatagramCheck.MalformedChangeCipherSpec, DtlsDatagramValidator.Check(Record(20, 0, [1, 1])));
        Assert.Equal(DtlsDatagramCheck.Valid, DtlsDatagramValidator.Check(Record(21, 0, [2, 40])));
        Assert.Equal(DtlsDatagramCheck.MalformedAlert, DtlsDatagramValidator.Check(Record(21, 0, [3, 40])));
        Assert.Equal(DtlsDatagramCheck.MalformedAlert, DtlsDatagramValidator.Check(Record(21, 0, [2])));
    }

    [Fact]
    public void ChecksHandshakeFragmentHeaders()
    {
        Assert.Equal(DtlsDatagramCheck.Valid, DtlsDatagramValidator.Check(Record(22, 0, ClientHelloFragment())));

        // Two fragments in one record (same flight) are fine.
        byte[] two = [.. Fragment(1, 40, 0, 20), .. Fragment(1, 40, 20, 20)];
        Assert.Equal(DtlsDatagramCheck.Valid, DtlsDatagramValidator.Check(Record(22, 0, two)));

        Assert.Equal(DtlsDatagramCheck.MalformedHandshake, DtlsDatagramValidator.Check(Record(22, 0, [])));
        Assert.Equal(DtlsDatagramCheck.MalformedHandshake, DtlsDatagramValidator.Check(Record(22, 0, Fragment(1, 40, 0, 40)[..30])));
        Assert.Equal(DtlsDatagramCheck.MalformedHandshake, DtlsDatagramValidator.Check(Record(22, 0, Fragment(1, 40, 30, 20)))); // past the message end
        Assert.Equal(DtlsDatagramCheck.MalformedHandshake, DtlsDatagramValidator.Check(Record(22, 0, Fragment(99, 10, 0, 10)))); // unknown type
        Assert.Equal(DtlsDatagramCheck.MalformedHandshake, DtlsDatagramValidator.Check(Record(22, 0, [.. Fragment(1, 10, 0, 10), 1, 2])));

        // Epoch 1 is encrypted: contents are not inspected, only the length.
        Assert.Equal(DtlsDatagramCheck.Valid, DtlsDatagramValidator.Check(Record(22, 1, new byte[48]), 24));
        Assert.Equal(DtlsDatagramCheck.CiphertextTooShort, DtlsDatagramValidator.Check(Record(22, 1, new byte[23]), 24));
        Assert.Equal(DtlsDatagramCheck.CiphertextTooShort, DtlsDatagramValidator.Check(Record(23, 1, []), 1));
    }

    [Fact]
    public void MinimumCiphertextLengthFollowsTheCipherSuite()
    {
        Assert.Equal(24, DtlsDatagramValidator.MinimumCiphertextLength("ECDHE-ECDSA-AES128-GCM-SHA256"));
        Assert.Equal(24, DtlsDatagramValidator.MinimumCiphertextLength("ECDHE-RSA-AES256-GCM-SHA384"));
        Assert.Equal(16, DtlsDatagramValidator.MinimumCiphertextLength("ECDHE-ECDSA-CHACHA20-POLY1305"));
        Assert.Equal(48, DtlsDatagramValidator.MinimumCiphertextLength("ECDHE-ECDSA-AES128-SHA"));
        Assert.Equal(40, DtlsDatagramValidator.MinimumCiphertextLength(null));
    }

    [Fact]
    public void RandomBytesNeverThrowAndRandomPlaintextIsRejected()
    {
        var rng = new Random(11);
        int validPlaintext = 0, validEncrypted = 0, craftedEncrypted = 0;
        for (int i = 0; i < 6000; i++)
        {
            byte[] data = new byte[rng.Next(0, 1500)];
            rng.NextBytes(data);
            bool craft = i % 2 == 0 && data.Length >= 13 + 24;
            if (craft)
            {
                data[0] = (byte)rng.Next(20, 24);
                data[1] = 0xFE;
                data[2] = 0xFD;
                data[3] = 0;
                data[4] = (byte)(i % 4 == 0 ? 0 : 1);
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(11), (ushort)(data.Length - 13));
                craftedEncrypted += data[4];
            }

            if (DtlsDatagramValidator.Check(data, 24) == DtlsDatagramCheck.Valid)
            {
                if (craft && data[4] == 1)
                {
                    validEncrypted++;
                }
                else
                {
                    validPlaintext++;
                }
            }
        }

        // Random epoch-0 contents never pass the structural checks; encrypted records are OpenSSL's to judge.
        Assert.Equal(0, validPlaintext);
        Assert.Equal(craftedEncrypted, validEncrypted);
        Assert.True(craftedEncrypted > 1000);
    }

    private static byte[] Record(byte type, ushort epoch, byte[] fragment, ushort version = 0xFEFD)
    {
        byte[] record = new byte[13 + fragment.Length];
        record[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(1), version);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), epoch);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)fragment.Length);
        fragment.CopyTo(record.AsSpan(13));
        return record;
    }

    private static byte[] ClientHelloFragment() => Fragment(1, 50, 0, 50);

    private static byte[] Fragment(byte type, int messageLength, int offset, int fragmentLength)
    {
        byte[] fragment = new byte[12 + fragmentLength];
        fragment[0] = type;
        WriteUInt24(fragment.AsSpan(1), messageLength);
        WriteUInt24(fragment.AsSpan(6), offset);
        WriteUInt24(fragment.AsSpan(9), fragmentLength);
        return fragment;
    }

    private static void WriteUInt24(Span<byte> span, int value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }
}
