using Sfu.Core.Rtcp;

namespace Sfu.Core.Forwarding;

/// <summary>The subscriber's RTCP: each packet to the down-track it is about, bandwidth feedback to the estimator.</summary>
internal sealed partial class SubscriberEndpoint
{
    /// <summary>
    /// A validated RTCP compound from the subscriber: report blocks about its down-tracks (RTT, loss, jitter), PLI/FIR
    /// (one throttled keyframe request to the publisher), generic NACKs (resends), transport-wide-cc feedback and REMB
    /// (the bandwidth estimate). Returns false when a packet in it is malformed (the rest is still used).
    /// </summary>
    /// <param name="compound">The compound packet.</param>
    /// <param name="now">Its arrival (a <see cref="TimeProvider"/> timestamp).</param>
    /// <param name="arrivalCompact">Its arrival as compact NTP (for the round trip from LSR/DLSR).</param>
    public bool OnRtcp(ReadOnlySpan<byte> compound, long now, uint arrivalCompact)
    {
        bool wellFormed = true;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> rtcp))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    if (SenderReport.TryParse(rtcp, out SenderReport sr) != RtcpParseError.None)
                    {
                        wellFormed = false;
                        break;
                    }

                    foreach (ReportBlock block in sr.ReportBlocks)
                    {
                        OnReportBlock(block, arrivalCompact);
                    }

                    break;

                case RtcpPacketType.ReceiverReport:
                    if (ReceiverReport.TryParse(rtcp, out ReceiverReport rr) != RtcpParseError.None)
                    {
                        wellFormed = false;
                        break;
                    }

                    foreach (ReportBlock block in rr.ReportBlocks)
                    {
                        OnReportBlock(block, arrivalCompact);
                    }

                    break;

                case RtcpPacketType.PayloadFeedback:
                    wellFormed &= OnPayloadFeedback(header, rtcp, now);
                    break;

                case RtcpPacketType.TransportFeedback when header.Format == (int)RtpFeedbackFormat.TransportWideCc:
                    // Without an estimator nothing negotiated it: not ours to use.
                    wellFormed &= Bandwidth?.OnTransportFeedback(rtcp, now) ?? true;
                    break;

                case RtcpPacketType.TransportFeedback when header.Format == (int)RtpFeedbackFormat.GenericNack:
                    wellFormed &= OnNack(rtcp, now);
                    break;
            }
        }

        return wellFormed;
    }

    private void OnReportBlock(in ReportBlock block, uint arrivalCompact)
    {
        if (_bySsrc.TryGetValue(block.Ssrc, out DownTrack? downTrack))
        {
            downTrack.OnReportBlock(block, arrivalCompact);
        }
    }

    /// <summary>PLI and FIR about the subscriber's down-tracks, and its REMB; other PSFB is ignored. False when malformed.</summary>
    private bool OnPayloadFeedback(in RtcpHeader header, ReadOnlySpan<byte> rtcp, long now)
    {
        if (header.Format == (int)PayloadFeedbackFormat.ApplicationLayerFeedback)
        {
            if (ReceiverEstimatedMaxBitrate.TryParse(rtcp, out ReceiverEstimatedMaxBitrate remb) == RtcpParseError.None)
            {
                Bandwidth?.OnRemb((long)Math.Min(remb.Bitrate, long.MaxValue), now);
            }

            return true; // other application-layer feedback is not ours to judge
        }

        if (header.Format == (int)PayloadFeedbackFormat.PictureLossIndication)
        {
            if (PictureLossIndication.TryParse(rtcp, out PictureLossIndication pli) != RtcpParseError.None)
            {
                return false;
            }

            OnKeyframeRequest(pli.MediaSsrc);
        }
        else if (header.Format == (int)PayloadFeedbackFormat.FullIntraRequest)
        {
            if (FullIntraRequest.TryParse(rtcp, out FullIntraRequest fir) != RtcpParseError.None)
            {
                return false;
            }

            for (int i = 0; i < fir.EntryCount; i++)
            {
                OnKeyframeRequest(fir.GetEntry(i).Ssrc);
            }
        }

        return true;
    }

    /// <summary>A generic NACK about one of the subscriber's down-tracks: resend what it names. False when malformed.</summary>
    private bool OnNack(ReadOnlySpan<byte> rtcp, long now)
    {
        if (GenericNack.TryParse(rtcp, out GenericNack nack) != RtcpParseError.None)
        {
            return false;
        }

        if (_bySsrc.TryGetValue(nack.MediaSsrc, out DownTrack? downTrack))
        {
            downTrack.OnNack(nack, _context.RtpScratch, now);
        }

        return true;
    }

    private void OnKeyframeRequest(uint mediaSsrc)
    {
        if (_bySsrc.TryGetValue(mediaSsrc, out DownTrack? downTrack))
        {
            downTrack.OnKeyframeRequest();
        }
    }
}
