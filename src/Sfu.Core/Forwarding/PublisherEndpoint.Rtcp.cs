using Sfu.Core.Rtcp;

namespace Sfu.Core.Forwarding;

/// <summary>RTCP with the publisher: its sender reports in; receiver reports and keyframe requests out.</summary>
internal sealed partial class PublisherEndpoint
{
    /// <summary>Report blocks that fit one RR (the 5-bit count field).</summary>
    private const int MaxReportBlocks = 31;

    private long _nextReceiverReport;

    /// <summary>
    /// A validated RTCP compound from the publisher: sender reports are kept per receive stream (for LSR/DLSR and
    /// timestamp mapping). Returns false when a packet in it is malformed (the rest is still used).
    /// </summary>
    public bool OnRtcp(ReadOnlySpan<byte> compound, long now)
    {
        bool wellFormed = true;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> rtcp))
        {
            if (header.PacketType != RtcpPacketType.SenderReport)
            {
                continue;
            }

            if (SenderReport.TryParse(rtcp, out SenderReport sr) != RtcpParseError.None)
            {
                wellFormed = false;
                continue;
            }

            CurrentStreamOf(sr.Ssrc)?.OnSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, now);
        }

        return wellFormed;
    }

    /// <summary>
    /// Asks the publisher for a keyframe of one receive stream: a PLI for its SSRC, plus a FIR when the publisher
    /// negotiated ccm fir but not nack pli. At most one per <see cref="RoomRouter.KeyframeRequestInterval"/> per stream.
    /// </summary>
    public void RequestKeyframe(PublishedTrack track, RtpStreamReceiver receiver)
    {
        if (!receiver.HasSsrc || !receiver.TryStartKeyframeRequest(_context.Now, _context.KeyframeRequestIntervalTicks))
        {
            return;
        }

        Span<byte> buffer = _context.RtcpScratch;
        uint reporter = _context.ReporterSsrc;
        int length = PictureLossIndication.Write(buffer, reporter, receiver.Ssrc);
        if (track.SupportsFir && !track.SupportsPli)
        {
            length += FullIntraRequest.Write(buffer.Slice(length), reporter, receiver.Ssrc, receiver.NextFirSequenceNumber());
        }

        if (Sink.SendRtcp(buffer, length))
        {
            receiver.OnKeyframeRequestSent();
            _context.Metrics.KeyframeRequested();
        }
    }

    /// <summary>One RR + SDES compound per 31 receive streams of the transport that received packets in the last two intervals.</summary>
    private void SendReceiverReports(long now)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[MaxReportBlocks];
        int count = 0;
        foreach (PublishedTrack track in _tracks)
        {
            foreach (RtpStreamReceiver receiver in track.Receivers)
            {
                if (!receiver.HasPacketsOnCurrentSsrc
                    || receiver.LastPacketTimestamp is not long last
                    || now - last > 2 * _context.ReportIntervalTicks)
                {
                    continue;
                }

                blocks[count++] = receiver.CreateReportBlock(now);
                if (count == MaxReportBlocks)
                {
                    SendReceiverReport(blocks);
                    count = 0;
                }
            }
        }

        if (count > 0)
        {
            SendReceiverReport(blocks.Slice(0, count));
        }
    }

    private void SendReceiverReport(ReadOnlySpan<ReportBlock> blocks)
    {
        Span<byte> buffer = _context.RtcpScratch;
        int length = ReceiverReport.Write(buffer, _context.ReporterSsrc, blocks);
        length += SourceDescription.WriteCname(buffer.Slice(length), _context.ReporterSsrc, _context.ReporterCname);
        Sink.SendRtcp(buffer, length);
    }
}
