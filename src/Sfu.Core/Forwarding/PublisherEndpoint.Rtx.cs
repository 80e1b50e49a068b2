using System.Buffers.Binary;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>RTX from the publisher (RFC 4588): a retransmission of a packet we NACKed is restored and received as the original.</summary>
internal sealed partial class PublisherEndpoint
{
    /// <summary>
    /// A packet on a stream's RTX SSRC or with an RTX payload type. When its original sequence number (the first two
    /// payload bytes) is one the stream is missing, the original packet is rebuilt (media SSRC, original sequence
    /// number and payload type, payload without those two bytes) and received like any media packet, so it is
    /// forwarded to every down-track. Anything else (padding-only probes, copies of packets already received, RTX
    /// without NACK) is counted and dropped: nothing is forwarded twice.
    /// </summary>
    private void OnRtx(SsrcBinding binding, ReadOnlySpan<byte> packet, scoped in RtpHeader header, long now)
    {
        PublishedTrack track = binding.Track;
        RtpStreamReceiver? receiver = binding.Receiver ?? ResolveRtxStream(binding, packet, header);
        receiver?.OnRtxPacket();
        PayloadTypeInfo rtxType = track.PayloadTypes[header.PayloadType];
        if (receiver is null
            || !receiver.HasSsrc
            || !rtxType.IsRtx
            || header.PayloadLength <= 2
            || !receiver.IsMissing(BinaryPrimitives.ReadUInt16BigEndian(header.GetPayload(packet))))
        {
            _context.Metrics.Dropped(DropReason.Rtx);
            return;
        }

        int headerLength = header.PayloadOffset;
        int payloadLength = header.PayloadLength - 2;
        Span<byte> original = _context.RtxScratch;
        packet.Slice(0, headerLength).CopyTo(original);
        original[0] &= 0xDF; // the RTX padding is not part of the original
        original[1] = (byte)((original[1] & 0x80) | rtxType.AssociatedPayloadType);
        original[2] = packet[headerLength];
        original[3] = packet[headerLength + 1];
        BinaryPrimitives.WriteUInt32BigEndian(original.Slice(8), receiver.Ssrc);
        packet.Slice(headerLength + 2, payloadLength).CopyTo(original.Slice(headerLength));
        int length = headerLength + payloadLength;
        if (RtpHeader.TryParse(original.Slice(0, length), out RtpHeader restored) != RtpParseError.None)
        {
            _context.Metrics.Dropped(DropReason.Rtx);
            return;
        }

        track.Receive(receiver, track.PayloadTypes[restored.PayloadType], original.Slice(0, length), restored, now);
    }

    /// <summary>The stream a declared RTX SSRC of a simulcast track repairs, from its <c>repaired-rtp-stream-id</c>.</summary>
    private static RtpStreamReceiver? ResolveRtxStream(SsrcBinding binding, ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        RtpStreamReceiver? receiver = FindByRid(binding.Track, packet, header, binding.Track.ExtensionIds.RepairedRtpStreamId);
        if (receiver is null)
        {
            return null;
        }

        binding.Receiver = receiver;
        receiver.RtxSsrc = header.Ssrc;
        return receiver;
    }
}
