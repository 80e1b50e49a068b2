using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>Builds the publisher packets the tests feed the router: RTP with extensions and codec payloads, and RTCP.</summary>
internal static class RtpPackets
{
    public static byte[] Build(
        uint ssrc,
        ushort sequenceNumber,
        uint timestamp,
        byte payloadType,
        byte[] payload,
        bool marker = false,
        IEnumerable<(int Id, byte[] Value)>? extensions = null,
        int padding = 0,
        uint[]? csrcs = null)
    {
        var buffer = new byte[4096];
        int length = RtpPacketWriter.WriteHeader(buffer, payloadType, sequenceNumber, timestamp, ssrc, marker, csrcs ?? []);
        var elements = extensions?.ToList() ?? [];
        if (elements.Count > 0)
        {
            var writer = new RtpHeaderExtensionWriter(buffer.AsSpan(length));
            foreach (var (id, value) in elements)
            {
                writer.Add(id, value);
            }

            length += writer.Finish();
            RtpPacketWriter.SetExtension(buffer, true);
        }

        payload.CopyTo(buffer, length);
        length += payload.Length;
        if (padding > 0)
        {
            length = RtpPacketWriter.AppendPadding(buffer, length, padding);
        }

        return buffer[..length];
    }

    /// <summary>VP8: S=1, PID=0, then a payload header with P=0 (key frame).</summary>
    public static byte[] Vp8Keyframe(byte fill = 0xAA, int size = 200) => WithFill([0x10, 0x00], fill, size);

    /// <summary>VP8: S=1, PID=0, then a payload header with P=1 (inter frame).</summary>
    public static byte[] Vp8Delta(byte fill = 0xBB, int size = 200) => WithFill([0x10, 0x01], fill, size);

    /// <summary>VP8: a later packet of a frame (S=0).</summary>
    public static byte[] Vp8Continuation(byte fill = 0xCC, int size = 200) => WithFill([0x00, 0x5A], fill, size);

    /// <summary>H.264: STAP-A with an SPS and a PPS (how Chromium starts an IDR).</summary>
    public static byte[] H264StapASpsPps() => [0x78, 0x00, 0x04, 0x67, 0x42, 0xE0, 0x1F, 0x00, 0x02, 0x68, 0xCE];

    /// <summary>H.264: FU-A start fragment of an IDR slice.</summary>
    public static byte[] H264FuAIdrStart(int size = 200) => WithFill([0x7C, 0x85], 0x11, size);

    /// <summary>H.264: a single NAL unit non-IDR slice.</summary>
    public static byte[] H264NonIdr(int size = 200) => WithFill([0x41, 0x9A], 0x22, size);

    public static byte[] Opus(byte fill = 0x0F, int size = 80) => WithFill([0x78], fill, size);

    public static byte[] SenderReport(uint ssrc, ulong ntp, uint rtpTimestamp, uint packets = 10, uint octets = 1000)
    {
        var buffer = new byte[global::Sfu.Core.Rtcp.SenderReport.MinLength];
        global::Sfu.Core.Rtcp.SenderReport.Write(buffer, ssrc, ntp, rtpTimestamp, packets, octets);
        return buffer;
    }

    public static byte[] ReceiverReport(uint senderSsrc, params ReportBlock[] blocks)
    {
        var buffer = new byte[global::Sfu.Core.Rtcp.ReceiverReport.GetLength(blocks.Length)];
        global::Sfu.Core.Rtcp.ReceiverReport.Write(buffer, senderSsrc, blocks);
        return buffer;
    }

    public static byte[] Pli(uint senderSsrc, uint mediaSsrc)
    {
        var buffer = new byte[PictureLossIndication.Length];
        PictureLossIndication.Write(buffer, senderSsrc, mediaSsrc);
        return buffer;
    }

    public static byte[] Fir(uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        var buffer = new byte[FullIntraRequest.GetLength(1)];
        FullIntraRequest.Write(buffer, senderSsrc, mediaSsrc, sequenceNumber);
        return buffer;
    }

    public static byte[] Concat(params byte[][] packets) => packets.SelectMany(p => p).ToArray();

    private static byte[] WithFill(byte[] head, byte fill, int size)
    {
        var payload = new byte[Math.Max(size, head.Length)];
        Array.Fill(payload, fill);
        head.CopyTo(payload, 0);
        return payload;
    }
}
