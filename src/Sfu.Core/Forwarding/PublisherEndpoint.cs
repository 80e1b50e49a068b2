using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The receive side of one publisher's transport in a room (mediasoup's Transport with its Producers, seen from the
/// router): it binds the SSRCs arriving on the transport to the tracks and simulcast layers (declared in the offer or
/// learned from the MID/RID header extensions), unwraps RTX, records every packet's transport-wide sequence number
/// and sends the publisher what its sender needs: transport-wide-cc feedback (or REMB), NACKs for lost packets,
/// receiver reports and keyframe requests.
/// </summary>
/// <remarks>
/// Created by the <see cref="RoomRouter"/> with the transport's first track and dropped with its last. Runs on the
/// room's media worker thread; <see cref="OnRtp"/>, <see cref="OnRtcp"/> and <see cref="Tick"/> allocate nothing.
/// </remarks>
internal sealed partial class PublisherEndpoint
{
    private readonly ForwardingContext _context;
    private readonly List<PublishedTrack> _tracks = [];

    public PublisherEndpoint(IRtpPacketSink sink, ForwardingContext context, long now)
    {
        Sink = sink;
        _context = context;
        _nextReceiverReport = now + context.ReportIntervalTicks;
    }

    /// <summary>The publisher's transport: where its RTCP goes.</summary>
    public IRtpPacketSink Sink { get; }

    /// <summary>The tracks published on this transport.</summary>
    public IReadOnlyList<PublishedTrack> Tracks => _tracks;

    /// <summary>REMB packets sent to the publisher.</summary>
    public long RembsSent { get; private set; }

    /// <summary>
    /// Checks that <paramref name="parameters"/> can be published on this transport (a mid not yet used, declared
    /// SSRCs not yet bound). Nothing changes when it throws.
    /// </summary>
    /// <exception cref="ArgumentException">The mid is already published here, or a declared SSRC is bound.</exception>
    public void EnsureCanAdd(PublishedTrackParameters parameters)
    {
        foreach (PublishedTrack existing in _tracks)
        {
            if (string.Equals(existing.Mid, parameters.Mid, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Mid '{parameters.Mid}' is already published on this transport (track {existing.TrackId}).", nameof(parameters));
            }
        }

        foreach (uint ssrc in parameters.DeclaredSsrcs)
        {
            EnsureUnbound(ssrc, parameters);
        }

        foreach (var (media, rtx) in parameters.RtxSsrcs)
        {
            EnsureUnbound(media, parameters);
            EnsureUnbound(rtx, parameters);
        }
    }

    /// <summary>Takes a new track (checked with <see cref="EnsureCanAdd"/>): binds its declared SSRCs, turns on the feedback it negotiated.</summary>
    public void AddTrack(PublishedTrack track, long now)
    {
        BindDeclared(track);
        _tracks.Add(track);
        EnableFeedback(track, now);
    }

    /// <summary>Forgets a removed track and every SSRC bound to it. True when the endpoint has no track left.</summary>
    public bool RemoveTrack(PublishedTrack track)
    {
        _tracks.Remove(track);
        UnbindTrack(track);
        return _tracks.Count == 0;
    }

    /// <summary>
    /// A decrypted RTP packet from the publisher (read only). Every packet's transport-wide sequence number is
    /// recorded for feedback. Unknown SSRCs and payload types are dropped and counted. RTX repairing a packet a stream
    /// is missing is received as that packet; other RTX (Chromium's bandwidth probes, copies) is counted and dropped.
    /// </summary>
    public void OnRtp(ReadOnlySpan<byte> packet, scoped in RtpHeader header, long now)
    {
        RecordArrival(packet, header, now);
        SsrcBinding? binding = Resolve(packet, header);
        if (binding is null)
        {
            _context.Metrics.Dropped(DropReason.UnknownSsrc);
            return;
        }

        PublishedTrack track = binding.Track;
        PayloadTypeInfo payloadType = track.PayloadTypes[header.PayloadType];
        if (binding.IsRtx || payloadType.IsRtx)
        {
            OnRtx(binding, packet, header, now);
            return;
        }

        track.Receive(binding.Receiver!, payloadType, packet, header, now);
    }

    /// <summary>Sends what is due towards the publisher: receiver reports, transport-wide-cc feedback (or REMB), NACKs.</summary>
    public void Tick(long now)
    {
        if (now >= _nextReceiverReport)
        {
            _nextReceiverReport = now + _context.ReportIntervalTicks;
            SendReceiverReports(now);
        }

        SendFeedback(now);
        SendNacks(now);
    }

    /// <summary>The first receive stream of the transport with a known SSRC (the media SSRC of transport-wide feedback), or 0.</summary>
    private uint FirstKnownSsrc()
    {
        foreach (PublishedTrack track in _tracks)
        {
            foreach (RtpStreamReceiver receiver in track.Receivers)
            {
                if (receiver.HasSsrc)
                {
                    return receiver.Ssrc;
                }
            }
        }

        return 0;
    }
}
