using System.Buffers.Binary;
using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

public sealed class DtlsRecordSplitterTests
{
    [Fact]
    public void PacksWholeRecordsUpToTheMtu()
    {
        byte[] flight = [.. Record(100), .. Record(200), .. Record(50), .. Record(400)];
        // 113 + 213 = 326 <= 400; + 63 = 389 <= 400; + 413 > 400.
        Assert.Equal(389, DtlsRecordSplitter.NextDatagramLength(flight, 400));
        Assert.Equal(413, DtlsRecordSplitter.NextDatagramLength(flight.AsSpan(389), 400));
        Assert.Equal(113, DtlsRecordSplitter.NextDatagramLength(flight, 300));
        Assert.Equal(flight.Length, DtlsRecordSplitter.NextDatagramLength(flight, 2000));
    }

    [Fact]
    public void ARecordLargerThanTheMtuGoesAlone()
    {
        byte[] flight = [.. Record(1500), .. Record(10)];
        Assert.Equal(1513, DtlsRecordSplitter.NextDatagramLength(flight, 1200));
        Assert.Equal(23, DtlsRecordSplitter.NextDatagramLength(flight.AsSpan(1513), 1200));
    }

    [Fact]
    public void UnparseableDataIsReturnedWhole()
    {
        Assert.Equal(0, DtlsRecordSplitter.NextDatagramLength([], 1200));
        Assert.Equal(5, DtlsRecordSplitter.NextDatagramLength([1, 2, 3, 4, 5], 1200));
        byte[] truncated = Record(100)[..50];
        Assert.Equal(50, DtlsRecordSplitter.NextDatagramLength(truncated, 1200));
        byte[] recordThenJunk = [.. Record(10), 1, 2, 3];
        Assert.Equal(23, DtlsRecordSplitter.NextDatagramLength(recordThenJunk, 1200));
        Assert.Equal(3, DtlsRecordSplitter.NextDatagramLength(recordThenJunk.AsSpan(23), 1200));
    }

    [Fact]
    public void RandomInputAlwaysMakesProgress()
    {
        var rng = new Random(3);
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = new byte[rng.Next(1, 3000)];
            rng.NextBytes(data);
            ReadOnlySpan<byte> rest = data;
            while (!rest.IsEmpty)
            {
                int length = DtlsRecordSplitter.NextDatagramLength(rest, rng.Next(256, 1500));
                Assert.InRange(length, 1, rest.Length);
                rest = rest[length..];
            }
        }
    }

    private static byte[] Record(int length)
    {
        byte[] record = new byte[13 + length];
        record[0] = 22;
        record[1] = 0xFE;
        record[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)length);
        return record;
    }
}
