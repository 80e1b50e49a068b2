using System.Buffers.Binary;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>A transport that only counts what it is given (for allocation tests: it allocates nothing itself).</summary>
internal sealed class CountingSink : IRtpPacketSink
{
    public long RtpPackets { get; private set; }

    public long RtpBytes { get; private set; }

    public long RtcpPackets { get; private set; }

    public ushort LastSequenceNumber { get; private set; }

    public bool SendRtp(Span<byte> buffer, int length)
    {
        RtpPackets++;
        RtpBytes += length;
        LastSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2));
        return true;
    }

    public bool SendRtcp(Span<byte> buffer, int length)
    {
        RtcpPackets++;
        return true;
    }
}
