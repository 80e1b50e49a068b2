using System.Buffers.Binary;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Feedback to publishers about their uplink: transport-wide CC feedback (or REMB when only goog-remb was negotiated)
/// so the browser's bandwidth estimator can ramp up, and generic NACKs for lost packets. Allocates nothing.
/// </summary>
public sealed partial class RoomRouter
{
    /// <summary>Most sequence numbers named in one NACK packet (the rest follow on the next tick).</summary>
    private const int MaxNackedPerPacket = 100;

    /// <summary>Most SSRCs named in one REMB.</summary>
    private const int MaxRembSsrcs = 16;

    /// <summary>How often transport-cc feedback goes to a publisher (Chromium sends its own every 50-100 ms).</summary>
    public static TimeSpan TransportFeedbackInterval { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a REMB goes to a publisher that negotiated goog-remb but not transport-cc.</summary>
    public static TimeSpan RembInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The REMB never asks for less than this: a publisher that sends little (audio only, a static screen) must still
    /// be able to start video at a useful rate.
    /// </summary>
    public static long MinRembBitrate { get; } = 1_000_000;

    /// <summary>The REMB never allows more than this (well above a 3-layer 720p simulcast at about 2.5 Mbit/s).</summary>
    public static long MaxRembBitrate { get; } = 10_000_000;

    /// <summary>The REMB is the bitrate received over the last interval times this factor (room to grow by half a second).</summary>
    public const double RembHeadroom = 1.5;

    /// <summary>Turns on transport-cc recording (or REMB) for the transport when the new track negotiated it.</summary>
    private void EnableFeedback(PublisherTransport transport, PublishedTrack track, long now)
    {
        if (transport.TransportCc is null && track.SupportsTransportCc && track.ExtensionIds.TransportWideCc != 0)
        {
            transport.TransportCcId = track.ExtensionIds.TransportWideCc;
            transport.TransportCc = new TransportCcRecorder();
            transport.NextTransportFeedback = now + ToTicks(TransportFeedbackInterval);
        }

        if (!transport.SupportsRemb && track.SupportsRemb)
        {
            transport.SupportsRemb = true;
            transport.NextRemb = now + ToTicks(RembInterval);
        }
    }

    /// <summary>Records a packet's transport-wide sequence number (every RTP packet of the transport: media, RTX, probes).</summary>
    private void RecordArrival(PublisherTransport publisher, ReadOnlySpan<byte> packet, scoped in RtpHeader header, long now)
    {
        publisher.BytesSinceRemb += packet.Length;
        if (publisher.TransportCc is { } recorder
            && header.HasExtension
            && RtpHeaderExtensions.TryFind(packet, header, publisher.TransportCcId, out ReadOnlySpan<byte> value)
            && value.Length == 2)
        {
            recorder.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(value), RtpClock.ToUnits(now, Frequency, 1_000_000));
        }
    }

    /// <summary>The publisher feedback due now: transport-cc (or REMB) and NACKs.</summary>
    private void SendPublisherFeedback(PublisherTransport publisher, long now)
    {
        if (publisher.TransportCc is { } recorder)
        {
            if (now >= publisher.NextTransportFeedback)
            {
                publisher.NextTransportFeedback = now + ToTicks(TransportFeedbackInterval);
                if (recorder.PendingCount > 0)
                {
                    Span<byte> buffer = _rtcpScratch.AsSpan(0, RtcpScratchLength - 20);
                    int length = recorder.WriteFeedback(buffer, ReporterSsrc, FeedbackMediaSsrc(publisher));
                    if (length > 0)
                    {
                        publisher.Sink.SendRtcp(_rtcpScratch, length);
                    }
                }
            }
        }
        else if (publisher.SupportsRemb && now >= publisher.NextRemb)
        {
            SendRemb(publisher, now);
        }

        SendNacks(publisher, now);
    }

    /// <summary>
    /// A REMB for the transport's streams: the bitrate received since the last one × <see cref="RembHeadroom"/>, kept
    /// within [<see cref="MinRembBitrate"/>, <see cref="MaxRembBitrate"/>].
    /// </summary>
    private void SendRemb(PublisherTransport publisher, long now)
    {
        long interval = ToTicks(RembInterval);
        long elapsed = now - (publisher.NextRemb - interval);
        publisher.NextRemb = now + interval;
        long bitrate = elapsed <= 0 ? 0 : RtpClock.ToUnits(publisher.BytesSinceRemb * 8, elapsed, Frequency);
        publisher.BytesSinceRemb = 0;
        long estimate = Math.Clamp((long)(bitrate * RembHeadroom), MinRembBitrate, MaxRembBitrate);

        Span<uint> ssrcs = stackalloc uint[MaxRembSsrcs];
        int count = 0;
        foreach (PublishedTrack track in publisher.Tracks)
        {
            for (int layer = 0; layer < track.Layers.Count && count < MaxRembSsrcs; layer++)
            {
                RtpStreamReceiver receiver = track.Layer(layer);
                if (receiver.HasSsrc)
                {
                    ssrcs[count++] = receiver.Ssrc;
                }
            }
        }

        if (count == 0)
        {
            return;
        }

        int length = ReceiverEstimatedMaxBitrate.Write(_rtcpScratch, ReporterSsrc, (ulong)estimate, ssrcs.Slice(0, count));
        if (publisher.Sink.SendRtcp(_rtcpScratch, length))
        {
            publisher.RembsSent++;
        }
    }

    /// <summary>One generic NACK per stream with packets due for a (re)request.</summary>
    private void SendNacks(PublisherTransport publisher, long now)
    {
        Span<ushort> lost = stackalloc ushort[MaxNackedPerPacket];
        foreach (PublishedTrack track in publisher.Tracks)
        {
            if (!track.SupportsNack)
            {
                continue;
            }

            for (int layer = 0; layer < track.Layers.Count; layer++)
            {
                RtpStreamReceiver receiver = track.Layer(layer);
                if (receiver.Nack is not { MissingCount: > 0 } nack || !receiver.HasSsrc)
                {
                    continue;
                }

                int count = nack.CollectDue(now, lost);
                if (count == 0)
                {
                    continue;
                }

                int length = GenericNack.Write(_rtcpScratch, ReporterSsrc, receiver.Ssrc, lost.Slice(0, count));
                if (publisher.Sink.SendRtcp(_rtcpScratch, length))
                {
                    receiver.NacksSent++;
                    Metrics.NackSent();
                }
            }
        }
    }

    /// <summary>The media SSRC field of transport-cc feedback: the first stream of the transport with a known SSRC.</summary>
    private static uint FeedbackMediaSsrc(PublisherTransport publisher)
    {
        foreach (PublishedTrack track in publisher.Tracks)
        {
            for (int layer = 0; layer < track.Layers.Count; layer++)
            {
                RtpStreamReceiver receiver = track.Layer(layer);
                if (receiver.HasSsrc)
                {
                    return receiver.Ssrc;
                }
            }
        }

        return 0;
    }
}
