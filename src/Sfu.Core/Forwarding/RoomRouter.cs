using Microsoft.Extensions.Logging;
using Sfu.Core.ActiveSpeakers;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The forwarding core of one room (mediasoup's Router): maps each transport of the room to its endpoint, a
/// <see cref="PublisherEndpoint"/> for what it publishes and a <see cref="SubscriberEndpoint"/> for what it receives,
/// maps each published track to its down-tracks, hands packets to the endpoint they came from, and drives the
/// endpoints' timers and the <see cref="ActiveSpeakers"/> observer from <see cref="Tick"/>. Socket-free: it talks to transports through <see cref="IRtpPacketSink"/>.
/// </summary>
/// <remarks>
/// Everything runs on the room's media worker thread: no locks. The packet path (<see cref="OnRtp"/>,
/// <see cref="OnRtcp"/>, <see cref="Tick"/>) allocates nothing; setup and teardown calls may.
/// </remarks>
public sealed partial class RoomRouter
{
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly ForwardingContext _context;
    private readonly Dictionary<IRtpPacketSink, PublisherEndpoint> _publishers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IRtpPacketSink, SubscriberEndpoint> _subscribers = new(ReferenceEqualityComparer.Instance);
    private readonly List<PublisherEndpoint> _publisherList = [];
    private readonly List<SubscriberEndpoint> _subscriberList = [];
    private readonly List<PublishedTrack> _tracks = [];
    private readonly List<DownTrack> _downTracks = [];
    private long _nextBitrateUpdate;

    public RoomRouter(TimeProvider time, MediaMetrics metrics, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(metrics);
        _time = time;
        _logger = logger;
        _context = new ForwardingContext(time, metrics, (uint)Random.Shared.Next(1, int.MaxValue), logger);
        ActiveSpeakers = new ActiveSpeakerObserver(time);
    }

    /// <summary>Who speaks in the room: the room observes its microphone tracks here; ticked with the router.</summary>
    public ActiveSpeakerObserver ActiveSpeakers { get; }

    /// <summary>Bounds and start of each subscriber's bandwidth estimate.</summary>
    public Bwe.BandwidthEstimatorSettings BandwidthSettings { get; init; } = new() { InitialBps = 1_000_000 };

    /// <summary>The SSRC the router sends its receiver reports and keyframe requests with.</summary>
    public uint ReporterSsrc => _context.ReporterSsrc;

    /// <summary>The room's published tracks.</summary>
    public IReadOnlyList<PublishedTrack> Tracks => _tracks;

    /// <summary>All down-tracks of the room.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    /// <summary>True when <paramref name="subscriberCodecs"/> has a codec the track can be forwarded with.</summary>
    public static bool CanSubscribe(PublishedTrack track, IReadOnlyList<NegotiatedCodec> subscriberCodecs)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(subscriberCodecs);
        return CodecMapping.HasCommonMediaCodec(track.CodecCapabilities, subscriberCodecs);
    }

    /// <summary>Adds a track the participant behind <paramref name="publisher"/> publishes.</summary>
    /// <exception cref="ArgumentException">The track id is taken, the mid is already published on this transport, or a declared SSRC is already used.</exception>
    public PublishedTrack AddPublishedTrack(IRtpPacketSink publisher, PublishedTrackParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var existing in _tracks)
        {
            if (string.Equals(existing.TrackId, parameters.TrackId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Track '{parameters.TrackId}' is already published in this room.", nameof(parameters));
            }
        }

        long now = _time.GetTimestamp();
        bool isNew = !_publishers.TryGetValue(publisher, out PublisherEndpoint? endpoint);
        endpoint ??= new PublisherEndpoint(publisher, _context, now);
        endpoint.EnsureCanAdd(parameters);
        var track = new PublishedTrack(endpoint, _context, parameters, now);
        endpoint.AddTrack(track, now);
        if (isNew)
        {
            _publishers.Add(publisher, endpoint);
            _publisherList.Add(endpoint);
        }

        _tracks.Add(track);
        if (_logger is not null)
        {
            ForwardingLog.TrackPublished(_logger, track.TrackId, track.Kind, track.Mid, track.LayerCount);
        }

        return track;
    }

    /// <summary>Removes a track and closes its down-tracks (their subscribers just stop receiving it).</summary>
    public void RemovePublishedTrack(PublishedTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (track.IsClosed || !_tracks.Contains(track))
        {
            return;
        }

        int downTracks = track.DownTracks.Count;
        for (int i = track.DownTracks.Count - 1; i >= 0; i--)
        {
            Unsubscribe(track.DownTracks[i]);
        }

        track.IsClosed = true;
        ActiveSpeakers.Forget(track);
        _tracks.Remove(track);
        PublisherEndpoint endpoint = track.Endpoint;
        if (endpoint.RemoveTrack(track) && _publishers.Remove(endpoint.Sink))
        {
            _publisherList.Remove(endpoint);
        }

        if (_logger is not null)
        {
            ForwardingLog.TrackRemoved(_logger, track.TrackId, downTracks);
        }
    }

    /// <summary>The publisher muted (nothing is forwarded) or unmuted (video restarts at a requested keyframe) the track.</summary>
    public void SetMuted(PublishedTrack track, bool muted)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (track.IsClosed || track.Muted == muted)
        {
            return;
        }

        track.Muted = muted;
        if (!muted)
        {
            for (int i = 0; i < track.DownTracks.Count; i++)
            {
                track.DownTracks[i].OnTrackUnmuted();
            }
        }

        if (_logger is not null)
        {
            ForwardingLog.MuteChanged(_logger, track.TrackId, muted ? "muted" : "unmuted");
        }
    }

    /// <summary>Starts forwarding <paramref name="track"/> to the subscriber behind <paramref name="subscriber"/>.</summary>
    /// <exception cref="ArgumentException">No codec in common (see <see cref="CanSubscribe"/>), the track was removed, or the SSRC is already used on this subscriber transport.</exception>
    public DownTrack Subscribe(PublishedTrack track, IRtpPacketSink subscriber, DownTrackParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(parameters);
        if (track.IsClosed || !_tracks.Contains(track))
        {
            throw new ArgumentException($"Track '{track.TrackId}' is not published in this room.", nameof(track));
        }

        if (!CanSubscribe(track, parameters.Codecs))
        {
            throw new ArgumentException($"The subscriber accepted none of the codecs of track '{track.TrackId}'.", nameof(parameters));
        }

        long now = _time.GetTimestamp();
        if (!_subscribers.TryGetValue(subscriber, out SubscriberEndpoint? endpoint))
        {
            endpoint = new SubscriberEndpoint(subscriber, _context, BandwidthSettings, now);
        }

        if (endpoint.HasSsrc(parameters.Ssrc))
        {
            throw new ArgumentException($"SSRC {parameters.Ssrc} is already used on this subscriber transport.", nameof(parameters));
        }

        if (_subscribers.TryAdd(subscriber, endpoint))
        {
            _subscriberList.Add(endpoint);
        }

        var downTrack = new DownTrack(_context, track, endpoint, parameters);
        endpoint.Add(downTrack, now);
        track.AddDownTrack(downTrack);
        _downTracks.Add(downTrack);
        downTrack.RequestKeyframe();
        if (_logger is not null)
        {
            ForwardingLog.Subscribed(_logger, track.TrackId, parameters.Ssrc);
        }

        return downTrack;
    }

    /// <summary>Stops a down-track.</summary>
    public void Unsubscribe(DownTrack downTrack)
    {
        ArgumentNullException.ThrowIfNull(downTrack);
        if (downTrack.IsClosed)
        {
            return;
        }

        downTrack.IsClosed = true;
        downTrack.Track.RemoveDownTrack(downTrack);
        downTrack.Endpoint.Remove(downTrack);
        _downTracks.Remove(downTrack);
        if (_logger is not null)
        {
            ForwardingLog.Unsubscribed(_logger, downTrack.Track.TrackId, downTrack.Ssrc);
        }
    }

    /// <summary>Removes everything that used <paramref name="sink"/>: the tracks it published and the down-tracks it received.</summary>
    public void RemoveTransport(IRtpPacketSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_publishers.TryGetValue(sink, out PublisherEndpoint? publisher))
        {
            foreach (PublishedTrack track in publisher.Tracks.ToArray())
            {
                RemovePublishedTrack(track);
            }

            _publishers.Remove(sink);
            _publisherList.Remove(publisher);
        }

        if (_subscribers.Remove(sink, out SubscriberEndpoint? subscriber))
        {
            _subscriberList.Remove(subscriber);
            foreach (DownTrack downTrack in subscriber.DownTracks.ToArray())
            {
                Unsubscribe(downTrack);
            }
        }
    }

    /// <summary>
    /// A decrypted RTP packet from <paramref name="from"/>, in the first <paramref name="length"/> bytes of
    /// <paramref name="buffer"/> (read only: the rewritten copies go into the router's own scratch buffer), for the
    /// publisher endpoint of that transport. Packets of a transport that publishes nothing are dropped and counted.
    /// </summary>
    public void OnRtp(IRtpPacketSink from, Span<byte> buffer, int length, in RtpHeader header)
    {
        if (!_publishers.TryGetValue(from, out PublisherEndpoint? publisher))
        {
            _context.Metrics.Dropped(DropReason.UnknownSsrc);
            return;
        }

        publisher.OnRtp(buffer.Slice(0, length), header, _time.GetTimestamp());
    }

    /// <summary>
    /// A decrypted RTCP compound packet from <paramref name="from"/>: the sender reports for the transport's publisher
    /// endpoint, everything about down-tracks and bandwidth for its subscriber endpoint. A compound that does not
    /// parse is counted and dropped whole; a malformed packet inside a well-framed one is counted once.
    /// </summary>
    public void OnRtcp(IRtpPacketSink from, Span<byte> packet)
    {
        var validator = new RtcpCompoundReader(packet);
        while (validator.TryReadNext(out _, out _))
        {
        }

        if (validator.Error != RtcpParseError.None)
        {
            _context.Metrics.Dropped(DropReason.MalformedRtcp);
            return;
        }

        _publishers.TryGetValue(from, out PublisherEndpoint? publisher);
        _subscribers.TryGetValue(from, out SubscriberEndpoint? subscriber);
        if (publisher is null && subscriber is null)
        {
            return; // a transport with nothing in this room yet
        }

        long now = _time.GetTimestamp();
        bool wellFormed = publisher?.OnRtcp(packet, now) ?? true;
        if (subscriber is not null)
        {
            wellFormed &= subscriber.OnRtcp(packet, now, NtpTime.ToCompact(_context.NtpNow()));
        }

        if (!wellFormed)
        {
            _context.Metrics.Dropped(DropReason.MalformedRtcp);
        }
    }

    /// <summary>
    /// Drives the room's timers (call every 10-20 ms from the worker loop): the layers' bitrates every quarter
    /// <see cref="BitrateWindow"/>, then each subscriber endpoint (its compound of sender reports every
    /// <see cref="ReportInterval"/>, allocation, probe padding) and each publisher endpoint (receiver reports,
    /// transport-wide-cc feedback or REMB, NACKs). Allocates nothing.
    /// </summary>
    public void Tick()
    {
        long now = _time.GetTimestamp();
        if (now >= _nextBitrateUpdate)
        {
            long window = _context.ToTicks(BitrateWindow);
            _nextBitrateUpdate = now + (window / 4);
            for (int i = 0; i < _tracks.Count; i++)
            {
                _tracks[i].UpdateBitrates(now, window);
            }
        }

        for (int i = 0; i < _subscriberList.Count; i++)
        {
            _subscriberList[i].Tick(now);
        }

        for (int i = 0; i < _publisherList.Count; i++)
        {
            _publisherList[i].Tick(now);
        }

        ActiveSpeakers.Tick(now);
    }
}
