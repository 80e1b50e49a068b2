using Sfu.Core.Rtcp;

namespace Sfu.Core.Forwarding;

/// <summary>The periodic RTCP: sender reports to subscribers, receiver reports to publishers.</summary>
public sealed partial class RoomRouter
{
    /// <summary>Report blocks that fit one RR (the 5-bit count field).</summary>
    private const int MaxReportBlocks = 31;

    /// <summary>
    /// Sends what is due (call every 10-20 ms from the worker loop): every <see cref="ReportInterval"/> per down-track
    /// an SR + SDES(CNAME) to its subscriber, and per publisher transport an RR + SDES with a block for each of its
    /// streams that is receiving; per publisher transport transport-cc feedback (or REMB) and NACKs for lost packets.
    /// Allocates nothing.
    /// </summary>
    public void Tick()
    {
        long now = _time.GetTimestamp();
        ulong ntp = 0;
        for (int i = 0; i < _downTracks.Count; i++)
        {
            DownTrack downTrack = _downTracks[i];
            if (now < downTrack.NextSenderReport)
            {
                continue;
            }

            downTrack.NextSenderReport = now + ReportIntervalTicks;
            if (downTrack.PacketsSent == 0)
            {
                continue; // nothing to map a timestamp from yet
            }

            if (ntp == 0)
            {
                ntp = RtpClock.NtpNow(_time);
            }

            int length = downTrack.WriteSenderReport(_rtcpScratch, now, ntp);
            if (downTrack.Subscriber.SendRtcp(_rtcpScratch, length))
            {
                downTrack.OnSenderReportSent();
            }
        }

        for (int i = 0; i < _publisherList.Count; i++)
        {
            PublisherTransport publisher = _publisherList[i];
            if (now >= publisher.NextReceiverReport)
            {
                publisher.NextReceiverReport = now + ReportIntervalTicks;
                SendReceiverReports(publisher, now);
            }

            SendPublisherFeedback(publisher, now);
        }

        TickBandwidth(now);
    }

    /// <summary>One RR + SDES compound per 31 streams of the transport that received packets in the last two intervals.</summary>
    private void SendReceiverReports(PublisherTransport publisher, long now)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[MaxReportBlocks];
        int count = 0;
        foreach (PublishedTrack track in publisher.Tracks)
        {
            for (int layer = 0; layer < track.Layers.Count; layer++)
            {
                RtpStreamReceiver receiver = track.Layer(layer);
                if (!receiver.HasPacketsOnCurrentSsrc
                    || receiver.LastPacketTimestamp is not long last
                    || now - last > 2 * ReportIntervalTicks)
                {
                    continue;
                }

                blocks[count++] = receiver.CreateReportBlock(now);
                if (count == MaxReportBlocks)
                {
                    SendReceiverReport(publisher, blocks);
                    count = 0;
                }
            }
        }

        if (count > 0)
        {
            SendReceiverReport(publisher, blocks.Slice(0, count));
        }
    }

    private void SendReceiverReport(PublisherTransport publisher, ReadOnlySpan<ReportBlock> blocks)
    {
        Span<byte> buffer = _rtcpScratch;
        int length = ReceiverReport.Write(buffer, ReporterSsrc, blocks);
        length += SourceDescription.WriteCname(buffer.Slice(length), ReporterSsrc, _cname);
        publisher.Sink.SendRtcp(buffer, length);
    }
}
