using System.Buffers.Binary;
using Sfu.Core.Rtp;

namespace Sfu.Load.Publishing;

/// <summary>
/// Writes the RTP header of a packet the synthetic publisher sends, with the header extensions a browser sends:
/// mid and rid (so the server can bind a new SSRC to its m-section and layer), abs-send-time, the transport-wide
/// sequence number and, for audio, the audio level. Allocation-free.
/// </summary>
public static class RtpSendHeader
{
    /// <summary>Writes the header and extension block and returns the header length (where the payload goes).</summary>
    /// <param name="buffer">The packet buffer.</param>
    /// <param name="payloadType">Negotiated payload type.</param>
    /// <param name="sequenceNumber">RTP sequence number.</param>
    /// <param name="timestamp">RTP timestamp.</param>
    /// <param name="ssrc">Stream SSRC.</param>
    /// <param name="marker">Marker bit: the last packet of a video frame.</param>
    /// <param name="ids">Negotiated extension ids; 0 leaves the extension out.</param>
    /// <param name="mid">The m-section's mid (ASCII).</param>
    /// <param name="rid">The simulcast rid (ASCII), empty for none.</param>
    /// <param name="nowUs">Send time, for abs-send-time.</param>
    /// <param name="transportSequence">Transport-wide sequence number.</param>
    /// <param name="audioLevel">Audio level in -dBov (0-127) with voice activity, or -1 for none.</param>
    public static int Write(
        Span<byte> buffer,
        byte payloadType,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        bool marker,
        SendExtensionIds ids,
        ReadOnlySpan<byte> mid,
        ReadOnlySpan<byte> rid,
        long nowUs,
        ushort transportSequence,
        int audioLevel)
    {
        int length = RtpPacketWriter.WriteHeader(buffer, payloadType, sequenceNumber, timestamp, ssrc, marker);
        var extensions = new RtpHeaderExtensionWriter(buffer[length..]);
        if (ids.Mid > 0 && !mid.IsEmpty)
        {
            extensions.Add(ids.Mid, mid);
        }

        if (ids.Rid > 0 && !rid.IsEmpty)
        {
            extensions.Add(ids.Rid, rid);
        }

        Span<byte> value = stackalloc byte[3];
        if (ids.AbsSendTime > 0)
        {
            // 6.18 fixed point seconds, 24 bits.
            uint abs = (uint)(((nowUs << 18) / 1_000_000) & 0xFFFFFF);
            value[0] = (byte)(abs >> 16);
            value[1] = (byte)(abs >> 8);
            value[2] = (byte)abs;
            extensions.Add(ids.AbsSendTime, value);
        }

        if (ids.TransportWideCc > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value, transportSequence);
            extensions.Add(ids.TransportWideCc, value[..2]);
        }

        if (ids.AudioLevel > 0 && audioLevel >= 0)
        {
            value[0] = (byte)(0x80 | Math.Min(audioLevel, 127));
            extensions.Add(ids.AudioLevel, value[..1]);
        }

        if (extensions.Count == 0)
        {
            return length;
        }

        RtpPacketWriter.SetExtension(buffer, true);
        return length + extensions.Finish();
    }
}
