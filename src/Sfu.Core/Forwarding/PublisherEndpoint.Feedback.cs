using System.Buffers.Binary;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Feedback to the publisher about its uplink: transport-wide CC feedback (or REMB when only goog-remb was negotiated)
/// so the browser's bandwidth estimator can ramp up, and generic NACKs for lost packets. Allocates nothing.
/// </summary>
internal sealed partial class PublisherEndpoint
{
    /// <summary>Most sequence numbers named in one NACK packet (the rest follow on the next tick).</summary>
    private const int MaxNackedPerPacket = 100;

    /// <summary>Most SSRCs named in one REMB.</summary>
    private const int MaxRembSsrcs = 16;

    private int _transportCcId;
    private TransportCcRecorder? _transportCc;
    private long _nextTransportFeedback;
    private bool _supportsRemb;
    private long _nextRemb;
    private long _bytesSinceRemb;

    /// <summary>Turns on transport-cc recording (or REMB) for the transport when the new track negotiated it.</summary>
    private void EnableFeedback(PublishedTrack track, long now)
    {
        if (_transportCc is null && track.SupportsTransportCc && track.ExtensionIds.TransportWideCc != 0)
        {
            _transportCcId = track.ExtensionIds.TransportWideCc;
            _transportCc = new TransportCcRecorder();
            _nextTransportFeedback = now + _context.ToTicks(RoomRouter.TransportFeedbackInterval);
        }

        if (!_supportsRemb && track.SupportsRemb)
        {
            _supportsRemb = true;
            _nextRemb = now + _context.ToTicks(RoomRouter.RembInterval);
        }
    }

    /// <summary>Records a packet's transport-wide sequence number (every RTP packet of the transport: media, RTX, probes).</summary>
    private void RecordArrival(ReadOnlySpan<byte> packet, scoped in RtpHeader header, long now)
    {
        _bytesSinceRemb += packet.Length;
        if (_transportCc is { } recorder
            && header.HasExtension
            && RtpHeaderExtensions.TryFind(packet, header, _transportCcId, out ReadOnlySpan<byte> value)
            && value.Length == 2)
        {
            recorder.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(value), _context.ToMicroseconds(now));
        }
    }

    /// <summary>Transport-cc feedback every <see cref="RoomRouter.TransportFeedbackInterval"/>, or a REMB when that is all the publisher negotiated.</summary>
    private void SendFeedback(long now)
    {
        if (_transportCc is { } recorder)
        {
            if (now >= _nextTransportFeedback)
            {
                _nextTransportFeedback = now + _context.ToTicks(RoomRouter.TransportFeedbackInterval);
                if (recorder.PendingCount > 0)
                {
                    byte[] scratch = _context.RtcpScratch;
                    int length = recorder.WriteFeedback(scratch.AsSpan(0, ForwardingContext.RtcpScratchLength - 20), _context.ReporterSsrc, FirstKnownSsrc());
                    if (length > 0)
                    {
                        Sink.SendRtcp(scratch, length);
                    }
                }
            }
        }
        else if (_supportsRemb && now >= _nextRemb)
        {
            SendRemb(now);
        }
    }

    /// <summary>
    /// A REMB for the transport's streams: the bitrate received since the last one × <see cref="RoomRouter.RembHeadroom"/>,
    /// kept within [<see cref="RoomRouter.MinRembBitrate"/>, <see cref="RoomRouter.MaxRembBitrate"/>].
    /// </summary>
    private void SendRemb(long now)
    {
        long interval = _context.ToTicks(RoomRouter.RembInterval);
        long elapsed = now - (_nextRemb - interval);
        _nextRemb = now + interval;
        long bitrate = elapsed <= 0 ? 0 : RtpClock.ToUnits(_bytesSinceRemb * 8, elapsed, _context.Frequency);
        _bytesSinceRemb = 0;
        long estimate = Math.Clamp((long)(bitrate * RoomRouter.RembHeadroom), RoomRouter.MinRembBitrate, RoomRouter.MaxRembBitrate);

        Span<uint> ssrcs = stackalloc uint[MaxRembSsrcs];
        int count = 0;
        foreach (PublishedTrack track in _tracks)
        {
            foreach (RtpStreamReceiver receiver in track.Receivers)
            {
                if (receiver.HasSsrc && count < MaxRembSsrcs)
                {
                    ssrcs[count++] = receiver.Ssrc;
                }
            }
        }

        if (count == 0)
        {
            return;
        }

        byte[] scratch = _context.RtcpScratch;
        int length = ReceiverEstimatedMaxBitrate.Write(scratch, _context.ReporterSsrc, (ulong)estimate, ssrcs.Slice(0, count));
        if (Sink.SendRtcp(scratch, length))
        {
            RembsSent++;
        }
    }

    /// <summary>One generic NACK per receive stream with packets due for a (re)request.</summary>
    private void SendNacks(long now)
    {
        Span<ushort> lost = stackalloc ushort[MaxNackedPerPacket];
        foreach (PublishedTrack track in _tracks)
        {
            if (!track.SupportsNack)
            {
                continue;
            }

            foreach (RtpStreamReceiver receiver in track.Receivers)
            {
                if (receiver.Nack is not { MissingCount: > 0 } nack || !receiver.HasSsrc)
                {
                    continue;
                }

                int count = nack.CollectDue(now, lost);
                if (count == 0)
                {
                    continue;
                }

                byte[] scratch = _context.RtcpScratch;
                int length = GenericNack.Write(scratch, _context.ReporterSsrc, receiver.Ssrc, lost.Slice(0, count));
                if (Sink.SendRtcp(scratch, length))
                {
                    receiver.NacksSent++;
                    _context.Metrics.NackSent();
                }
            }
        }
    }
}
