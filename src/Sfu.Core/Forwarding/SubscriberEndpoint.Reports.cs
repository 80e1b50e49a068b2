namespace Sfu.Core.Forwarding;

/// <summary>
/// The sender reports to the subscriber: once per <see cref="RoomRouter.ReportInterval"/>, the SR + SDES(CNAME) of
/// every down-track that has sent something, packed into as few compound packets as fit
/// <see cref="ForwardingContext.MaxRtcpCompoundLength"/> (RFC 3550 6.1, RFC 8108 5.3: one compound may carry the
/// reports of several sources), instead of one datagram per down-track. Allocates nothing.
/// </summary>
internal sealed partial class SubscriberEndpoint
{
    private long _nextSenderReports;

    /// <summary>RTCP compounds of sender reports sent to the subscriber.</summary>
    public long SenderReportCompoundsSent { get; private set; }

    private void SendSenderReports(long now)
    {
        Span<byte> scratch = _context.RtcpScratch;
        ulong ntp = 0;
        int length = 0;
        int first = 0;
        for (int i = 0; i < _downTracks.Count; i++)
        {
            DownTrack downTrack = _downTracks[i];
            if (downTrack.PacketsSent == 0)
            {
                continue; // nothing to map a timestamp from yet
            }

            if (ntp == 0)
            {
                ntp = _context.NtpNow();
            }

            if (length > 0 && length + downTrack.SenderReportLength > ForwardingContext.MaxRtcpCompoundLength)
            {
                SendCompound(scratch, length, first, i);
                length = 0;
                first = i;
            }

            length += downTrack.WriteSenderReport(scratch.Slice(length), now, ntp);
        }

        if (length > 0)
        {
            SendCompound(scratch, length, first, _downTracks.Count);
        }
    }

    /// <summary>Sends one compound holding the reports of the down-tracks from <paramref name="first"/> up to <paramref name="end"/>.</summary>
    private void SendCompound(Span<byte> compound, int length, int first, int end)
    {
        if (!Sink.SendRtcp(compound, length))
        {
            return;
        }

        SenderReportCompoundsSent++;
        for (int i = first; i < end; i++)
        {
            if (_downTracks[i].PacketsSent > 0)
            {
                _downTracks[i].OnSenderReportSent();
            }
        }
    }
}
