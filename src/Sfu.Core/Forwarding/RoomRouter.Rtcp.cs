using Sfu.Core.Diagnostics;
using Sfu.Core.Rtcp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>RTCP from both sides: publishers' sender reports, subscribers' reports and keyframe requests.</summary>
public sealed partial class RoomRouter
{
    /// <summary>
    /// A decrypted RTCP compound packet from <paramref name="from"/>. From a publisher: sender reports (kept per layer
    /// for LSR/DLSR and timestamp mapping). From a subscriber: report blocks about its down-tracks (RTT, loss, jitter)
    /// and PLI/FIR about them (one throttled keyframe request to the publisher), generic NACKs about them (the cached
    /// packets are resent, as RTX where negotiated). A malformed compound is counted and
    /// dropped whole.
    /// </summary>
    public void OnRtcp(IRtpPacketSink from, Span<byte> packet)
    {
        var validator = new RtcpCompoundReader(packet);
        while (validator.TryReadNext(out _, out _))
        {
        }

        if (validator.Error != RtcpParseError.None)
        {
            Metrics.Dropped(DropReason.MalformedRtcp);
            return;
        }

        _publishers.TryGetValue(from, out PublisherTransport? publisher);
        _subscribers.TryGetValue(from, out SubscriberTransport? subscriber);
        if (publisher is null && subscriber is null)
        {
            return; // a transport with nothing in this room yet
        }

        long now = _time.GetTimestamp();
        uint arrival = NtpTime.ToCompact(RtpClock.NtpNow(_time));
        bool malformed = false;
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> rtcp))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    if (SenderReport.TryParse(rtcp, out SenderReport sr) != RtcpParseError.None)
                    {
                        malformed = true;
                        break;
                    }

                    if (publisher is not null)
                    {
                        OnSenderReport(publisher, sr.Ssrc, sr.NtpTimestamp, sr.RtpTimestamp, now);
                    }

                    if (subscriber is not null)
                    {
                        foreach (ReportBlock block in sr.ReportBlocks)
                        {
                            OnReportBlock(subscriber, block, arrival);
                        }
                    }

                    break;

                case RtcpPacketType.ReceiverReport:
                    if (ReceiverReport.TryParse(rtcp, out ReceiverReport rr) != RtcpParseError.None)
                    {
                        malformed = true;
                        break;
                    }

                    if (subscriber is not null)
                    {
                        foreach (ReportBlock block in rr.ReportBlocks)
                        {
                            OnReportBlock(subscriber, block, arrival);
                        }
                    }

                    break;

                case RtcpPacketType.PayloadFeedback when subscriber is not null:
                    malformed |= !OnPayloadFeedback(subscriber, header, rtcp, now);
                    break;

                case RtcpPacketType.TransportFeedback when subscriber is not null && header.Format == (int)RtpFeedbackFormat.TransportWideCc:
                    malformed |= !OnTransportFeedback(subscriber, rtcp, now);
                    break;

                case RtcpPacketType.TransportFeedback when subscriber is not null && header.Format == (int)RtpFeedbackFormat.GenericNack:
                    malformed |= !OnNack(subscriber, rtcp, now);
                    break;
            }
        }

        if (malformed)
        {
            Metrics.Dropped(DropReason.MalformedRtcp);
        }
    }

    /// <summary>
    /// Asks the publisher for a keyframe of one layer: a PLI for the layer's SSRC, plus a FIR when the publisher
    /// negotiated ccm fir but not nack pli. At most one per <see cref="KeyframeRequestInterval"/> per layer.
    /// </summary>
    internal void RequestKeyframe(PublishedTrack track, int layer)
    {
        if (track.IsClosed || track.Muted)
        {
            return;
        }

        RtpStreamReceiver receiver = track.Layer(layer);
        if (!receiver.HasSsrc || !receiver.TryStartKeyframeRequest(_time.GetTimestamp(), KeyframeRequestIntervalTicks))
        {
            return;
        }

        Span<byte> buffer = _rtcpScratch;
        int length = PictureLossIndication.Write(buffer, ReporterSsrc, receiver.Ssrc);
        if (track.SupportsFir && !track.SupportsPli)
        {
            length += FullIntraRequest.Write(buffer.Slice(length), ReporterSsrc, receiver.Ssrc, receiver.NextFirSequenceNumber());
        }

        if (track.Publisher.SendRtcp(buffer, length))
        {
            receiver.OnKeyframeRequestSent();
            Metrics.KeyframeRequested();
        }
    }

    private static void OnSenderReport(PublisherTransport publisher, uint ssrc, ulong ntp, uint rtpTimestamp, long now)
    {
        if (publisher.Bindings.TryGetValue(ssrc, out SsrcBinding? binding)
            && !binding.IsRtx
            && !binding.Retired
            && binding.Receiver is { HasSsrc: true } receiver
            && receiver.Ssrc == ssrc)
        {
            receiver.OnSenderReport(ntp, rtpTimestamp, now);
        }
    }

    private static void OnReportBlock(SubscriberTransport subscriber, in ReportBlock block, uint arrival)
    {
        if (subscriber.DownTracks.TryGetValue(block.Ssrc, out DownTrack? downTrack))
        {
            downTrack.OnReportBlock(block, arrival);
        }
    }

    /// <summary>PLI and FIR about the subscriber's down-tracks, and its REMB; other PSFB is ignored. False when malformed.</summary>
    private bool OnPayloadFeedback(SubscriberTransport subscriber, in RtcpHeader header, ReadOnlySpan<byte> rtcp, long now)
    {
        if (header.Format == (int)PayloadFeedbackFormat.ApplicationLayerFeedback)
        {
            if (ReceiverEstimatedMaxBitrate.TryParse(rtcp, out ReceiverEstimatedMaxBitrate remb) == RtcpParseError.None)
            {
                OnRemb(subscriber, (long)Math.Min(remb.Bitrate, long.MaxValue), now);
            }

            return true; // other application-layer feedback is not ours to judge
        }

        if (header.Format == (int)PayloadFeedbackFormat.PictureLossIndication)
        {
            if (PictureLossIndication.TryParse(rtcp, out PictureLossIndication pli) != RtcpParseError.None)
            {
                return false;
            }

            OnKeyframeRequest(subscriber, pli.MediaSsrc);
        }
        else if (header.Format == (int)PayloadFeedbackFormat.FullIntraRequest)
        {
            if (FullIntraRequest.TryParse(rtcp, out FullIntraRequest fir) != RtcpParseError.None)
            {
                return false;
            }

            for (int i = 0; i < fir.EntryCount; i++)
            {
                OnKeyframeRequest(subscriber, fir.GetEntry(i).Ssrc);
            }
        }

        return true;
    }

    /// <summary>A generic NACK about one of the subscriber's down-tracks: resend what it names. False when malformed.</summary>
    private bool OnNack(SubscriberTransport subscriber, ReadOnlySpan<byte> rtcp, long now)
    {
        if (GenericNack.TryParse(rtcp, out GenericNack nack) != RtcpParseError.None)
        {
            return false;
        }

        if (subscriber.DownTracks.TryGetValue(nack.MediaSsrc, out DownTrack? downTrack))
        {
            downTrack.OnNack(nack, _rtpScratch, now);
        }

        return true;
    }

    private static void OnKeyframeRequest(SubscriberTransport subscriber, uint mediaSsrc)
    {
        if (subscriber.DownTracks.TryGetValue(mediaSsrc, out DownTrack? downTrack))
        {
            downTrack.OnKeyframeRequest();
        }
    }
}
