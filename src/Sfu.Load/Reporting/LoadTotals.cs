using Sfu.Load.Media;
using Sfu.Load.Run;
using Sfu.Load.Subscribing;

namespace Sfu.Load.Reporting;

/// <summary>
/// The run's counters summed over every participant at one moment: participants by phase, what the tool sent and
/// received, and what the subscribers' checks found. Differences of two totals give rates.
/// </summary>
public sealed record LoadTotals
{
    public long AtUs { get; init; }

    public int Joined { get; init; }

    public int Connected { get; init; }

    public int Failed { get; init; }

    /// <summary>RTP packets and bytes the tool sent (publishers).</summary>
    public long RtpSent { get; init; }

    public long RtpBytesSent { get; init; }

    /// <summary>RTP packets and bytes the tool received on subscriber connections: what the server forwarded.</summary>
    public long RtpReceived { get; init; }

    public long RtpBytesReceived { get; init; }

    public long RtcpSent { get; init; }

    public long RtcpReceived { get; init; }

    /// <summary>Datagrams that failed SRTP or did not parse.</summary>
    public long Rejected { get; init; }

    /// <summary>Datagrams the tool's sockets dropped for full receive buffers (where the kernel reports it).</summary>
    public long ReceiveBufferDrops { get; init; }

    public long SendErrors { get; init; }

    /// <summary>Packets the subscribers expected (first to highest sequence number, per down-track).</summary>
    public long Expected { get; init; }

    /// <summary>Distinct packets received per down-track.</summary>
    public long Received { get; init; }

    public long Lost { get; init; }

    public long Duplicates { get; init; }

    public long Reordered { get; init; }

    public long KeyframeViolations { get; init; }

    public long KeyframesReceived { get; init; }

    public long LayerSwitches { get; init; }

    public long PaddingPackets { get; init; }

    public long RtxPackets { get; init; }

    public long UnknownSsrcPackets { get; init; }

    /// <summary>Keyframes the publishers sent, and keyframe requests they got.</summary>
    public long KeyframesSent { get; init; }

    public long KeyframeRequests { get; init; }

    public long NacksReceived { get; init; }

    /// <summary>Payload bytes received per simulcast layer (0 = lowest), over every video down-track.</summary>
    public long[] LayerBytes { get; init; } = new long[ReceivedTrack.MaxLayers];

    /// <summary>Room data messages sent and received (the data scenario; see <see cref="DataTotals"/> for the rest).</summary>
    public long DataMessagesSent { get; init; }

    public long DataMessagesReceived { get; init; }

    /// <summary>Loss in percent of what was expected.</summary>
    public double LossPercent => Expected == 0 ? 0 : Lost * 100.0 / Expected;

    /// <summary>Sums the counters of <paramref name="participants"/> now.</summary>
    public static LoadTotals Collect(IReadOnlyList<LoadParticipant> participants)
    {
        int joined = 0, connected = 0, failed = 0;
        long rtpSent = 0, rtpBytesSent = 0, rtpReceived = 0, rtpBytesReceived = 0, rtcpSent = 0, rtcpReceived = 0, rejected = 0, sendErrors = 0, receiveBufferDrops = 0;
        long expected = 0, received = 0, lost = 0, duplicates = 0, reordered = 0, violations = 0, keyframes = 0, switches = 0, padding = 0, rtx = 0, unknown = 0;
        long keyframesSent = 0, requests = 0, nacks = 0, dataSent = 0, dataReceived = 0;
        long[] layerBytes = new long[ReceivedTrack.MaxLayers];
        foreach (var p in participants)
        {
            switch (p.Phase)
            {
                case ParticipantPhase.Joined:
                    joined++;
                    if (p.MediaConnected)
                    {
                        connected++;
                    }

                    break;
                case ParticipantPhase.Failed:
                    failed++;
                    break;
            }

            if (p.PeerFailure is not null && p.Phase == ParticipantPhase.Joined)
            {
                failed++;
            }

            foreach (var peer in new[] { p.Publisher, p.Subscriber })
            {
                if (peer is null)
                {
                    continue;
                }

                var c = peer.Counters;
                rtcpSent += Volatile.Read(ref c.RtcpSent);
                rtcpReceived += Volatile.Read(ref c.RtcpReceived);
                rejected += Volatile.Read(ref c.Rejected);
                receiveBufferDrops += Volatile.Read(ref c.ReceiveBufferDrops);
                sendErrors += Volatile.Read(ref c.SendErrors);
            }

            if (p.Publisher is { } pub)
            {
                rtpSent += Volatile.Read(ref pub.Counters.RtpSent);
                rtpBytesSent += Volatile.Read(ref pub.Counters.RtpBytesSent);
            }

            if (p.Subscriber is { } sub)
            {
                rtpReceived += Volatile.Read(ref sub.Counters.RtpReceived);
                rtpBytesReceived += Volatile.Read(ref sub.Counters.RtpBytesReceived);
            }

            if (p.PublisherMedia is { } pm)
            {
                foreach (var layer in pm.Layers)
                {
                    keyframesSent += layer.KeyframesSent;
                    requests += layer.KeyframeRequests;
                }

                nacks += Volatile.Read(ref pm.Counters.NacksReceived);
            }

            if (p.DataMedia is { } dm)
            {
                dataSent += dm.MessagesSent;
                dataReceived += dm.Received.Messages;
            }

            if (p.SubscriberMedia is { } sm)
            {
                unknown += Volatile.Read(ref sm.UnknownSsrcPackets);
                foreach (ReceivedTrack t in sm.Tracks)
                {
                    expected += t.Continuity.Expected;
                    received += t.Continuity.Received;
                    lost += t.Continuity.Lost;
                    duplicates += t.Continuity.Duplicates;
                    reordered += t.Continuity.Reordered;
                    violations += Volatile.Read(ref t.KeyframeViolations);
                    keyframes += Volatile.Read(ref t.Keyframes);
                    switches += Volatile.Read(ref t.LayerSwitches);
                    padding += Volatile.Read(ref t.PaddingPackets);
                    rtx += Volatile.Read(ref t.RtxPackets);
                    for (int l = 0; l < layerBytes.Length; l++)
                    {
                        layerBytes[l] += t.LayerBytes(l);
                    }
                }
            }
        }

        return new LoadTotals
        {
            AtUs = MediaClock.NowMicroseconds(),
            Joined = joined,
            Connected = connected,
            Failed = failed,
            RtpSent = rtpSent,
            RtpBytesSent = rtpBytesSent,
            RtpReceived = rtpReceived,
            RtpBytesReceived = rtpBytesReceived,
            RtcpSent = rtcpSent,
            RtcpReceived = rtcpReceived,
            Rejected = rejected,
            ReceiveBufferDrops = receiveBufferDrops,
            SendErrors = sendErrors,
            Expected = expected,
            Received = received,
            Lost = lost,
            Duplicates = duplicates,
            Reordered = reordered,
            KeyframeViolations = violations,
            KeyframesReceived = keyframes,
            LayerSwitches = switches,
            PaddingPackets = padding,
            RtxPackets = rtx,
            UnknownSsrcPackets = unknown,
            KeyframesSent = keyframesSent,
            KeyframeRequests = requests,
            NacksReceived = nacks,
            LayerBytes = layerBytes,
            DataMessagesSent = dataSent,
            DataMessagesReceived = dataReceived,
        };
    }
}
