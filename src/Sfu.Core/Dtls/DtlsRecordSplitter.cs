using System.Buffers.Binary;

namespace Sfu.Core.Dtls;

/// <summary>
/// Cuts what OpenSSL wrote into the memory BIO (a whole flight, records back to back) into datagrams.
/// A datagram holds one or more whole records (RFC 6347 section 4.1.1) and at most the MTU, except that a
/// single record larger than the MTU goes out alone.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ContentType  |        ProtocolVersion        |     epoch    ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ..   epoch      |          sequence_number (48 bits)           ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ..                              |            length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 fragment (length bytes) ...
/// </code>
/// </summary>
internal static class DtlsRecordSplitter
{
    /// <summary>DTLS 1.2 record header size (RFC 6347 section 4.1).</summary>
    internal const int RecordHeaderLength = 13;

    private const int LengthOffset = 11;

    /// <summary>
    /// Length of the first datagram to cut from <paramref name="pending"/>: as many whole records as fit in
    /// <paramref name="mtu"/>, at least one. If the data does not parse as records (never the case for
    /// OpenSSL's own output) the unparseable rest is returned as one datagram. Returns 0 only for empty input.
    /// </summary>
    internal static int NextDatagramLength(ReadOnlySpan<byte> pending, int mtu)
    {
        int used = 0;
        while (used < pending.Length)
        {
            ReadOnlySpan<byte> rest = pending[used..];
            if (rest.Length < RecordHeaderLength)
            {
                return used == 0 ? pending.Length : used;
            }

            int recordLength = RecordHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(LengthOffset, 2));
            if (recordLength > rest.Length)
            {
                return used == 0 ? pending.Length : used;
            }

            if (used > 0 && used + recordLength > mtu)
            {
                break;
            }

            used += recordLength;
        }

        return used;
    }
}
