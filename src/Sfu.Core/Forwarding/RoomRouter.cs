using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The forwarding core of one room: routes each publisher's RTP to its tracks' down-tracks, relays keyframe requests
/// from subscribers to publishers, and sends the RTCP reports both sides expect. Socket-free: it talks to transports
/// through <see cref="IRtpPacketSink"/>.
/// </summary>
/// <remarks>
/// Everything runs on the room's media worker thread: no locks. The packet path (<see cref="OnRtp"/>,
/// <see cref="OnRtcp"/>, <see cref="Tick"/>) allocates nothing; setup and teardown calls may.
/// </remarks>
public sealed partial class RoomRouter
{
    /// <summary>Scratch size for a rewritten packet: an Ethernet-MTU packet plus room for header growth and SRTP.</summary>
    private const int RtpScratchLength = 2048;

    private const int RtcpScratchLength = 1500;

    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly byte[] _rtpScratch = GC.AllocateArray<byte>(RtpScratchLength, pinned: true);
    private readonly byte[] _rtcpScratch = GC.AllocateArray<byte>(RtcpScratchLength, pinned: true);
    private readonly Dictionary<IRtpPacketSink, PublisherTransport> _publishers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IRtpPacketSink, SubscriberTransport> _subscribers = new(ReferenceEqualityComparer.Instance);
    private readonly List<PublisherTransport> _publisherList = [];
    private readonly List<SubscriberTransport> _subscriberList = [];
    private readonly List<PublishedTrack> _tracks = [];
    private readonly List<DownTrack> _downTracks = [];
    private readonly byte[] _cname;

    public RoomRouter(TimeProvider time, MediaMetrics metrics, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(metrics);
        _time = time;
        Metrics = metrics;
        _logger = logger;
        Frequency = time.TimestampFrequency;
        StallTicks = ToTicks(LayerStallTimeout);
        ReportIntervalTicks = ToTicks(ReportInterval);
        KeyframeRequestIntervalTicks = ToTicks(KeyframeRequestInterval);
        ReporterSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
        _cname = System.Text.Encoding.ASCII.GetBytes("sfu-" + ReporterSsrc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>At most one keyframe request per receive stream (simulcast layer) this often.</summary>
    public static TimeSpan KeyframeRequestInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How often sender reports go to subscribers and receiver reports to publishers.</summary>
    public static TimeSpan ReportInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>A simulcast layer silent this long is replaced by another one (at its next keyframe).</summary>
    public static TimeSpan LayerStallTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Bounds and start of each subscriber's bandwidth estimate.</summary>
    public Bwe.BandwidthEstimatorSettings BandwidthSettings { get; init; } = new() { InitialBps = 1_000_000 };

    /// <summary>The SSRC the router sends its receiver reports and keyframe requests with.</summary>
    public uint ReporterSsrc { get; }

    /// <summary>The room's published tracks.</summary>
    public IReadOnlyList<PublishedTrack> Tracks => _tracks;

    /// <summary>All down-tracks of the room.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    internal MediaMetrics Metrics { get; }

    internal long Frequency { get; }

    internal long Now => _time.GetTimestamp();

    internal DateTimeOffset UtcNow => _time.GetUtcNow();

    internal long StallTicks { get; }

    internal long ReportIntervalTicks { get; }

    internal long KeyframeRequestIntervalTicks { get; }

    /// <summary>True when <paramref name="subscriberCodecs"/> has a codec the track can be forwarded with.</summary>
    public static bool CanSubscribe(PublishedTrack track, IReadOnlyList<NegotiatedCodec> subscriberCodecs)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(subscriberCodecs);
        return CodecMapping.HasCommonMediaCodec(track.Parameters.Codecs, subscriberCodecs);
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
        if (!_publishers.TryGetValue(publisher, out var transport))
        {
            transport = new PublisherTransport(publisher, now + ReportIntervalTicks);
        }

        foreach (var existing in transport.Tracks)
        {
            if (string.Equals(existing.Mid, parameters.Mid, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Mid '{parameters.Mid}' is already published on this transport (track {existing.TrackId}).", nameof(parameters));
            }
        }

        var track = new PublishedTrack(this, publisher, parameters, now, Frequency);
        var bindings = DeclaredBindings(track, parameters);
        foreach (var (ssrc, _) in bindings)
        {
            if (transport.Bindings.ContainsKey(ssrc))
            {
                throw new ArgumentException($"SSRC {ssrc} is already declared on this transport.", nameof(parameters));
            }
        }

        foreach (var (ssrc, binding) in bindings)
        {
            transport.Bindings.Add(ssrc, binding);
        }

        if (!_publishers.ContainsKey(publisher))
        {
            _publishers.Add(publisher, transport);
            _publisherList.Add(transport);
        }

        transport.Tracks.Add(track);
        _tracks.Add(track);
        EnableFeedback(transport, track, now);
        if (_logger is not null)
        {
            ForwardingLog.TrackPublished(_logger, track.TrackId, track.Kind, track.Mid, track.Layers.Count);
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
        _tracks.Remove(track);
        if (_publishers.TryGetValue(track.Publisher, out var transport))
        {
            transport.Tracks.Remove(track);
            var stale = new List<uint>();
            foreach (var (ssrc, binding) in transport.Bindings)
            {
                if (binding.Track == track)
                {
                    stale.Add(ssrc);
                }
            }

            foreach (uint ssrc in stale)
            {
                transport.Bindings.Remove(ssrc);
            }

            if (transport.Tracks.Count == 0)
            {
                _publishers.Remove(track.Publisher);
                _publisherList.Remove(transport);
            }
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

        if (!_subscribers.TryGetValue(subscriber, out var transport))
        {
            transport = new SubscriberTransport(subscriber);
        }

        if (transport.DownTracks.ContainsKey(parameters.Ssrc))
        {
            throw new ArgumentException($"SSRC {parameters.Ssrc} is already used on this subscriber transport.", nameof(parameters));
        }

        if (_subscribers.TryAdd(subscriber, transport))
        {
            _subscriberList.Add(transport);
        }

        long now = _time.GetTimestamp();
        var downTrack = new DownTrack(this, track, transport, parameters, now);
        transport.DownTracks.Add(parameters.Ssrc, downTrack);
        if (downTrack.GivesBandwidthFeedback && transport.Bandwidth is null)
        {
            transport.Bandwidth = new SubscriberBandwidth(Frequency, BandwidthSettings) { NextAllocation = now };
            foreach (DownTrack existing in transport.DownTracks.Values)
            {
                transport.Bandwidth.Add(existing);
            }
        }
        else
        {
            transport.Bandwidth?.Add(downTrack);
        }

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
        downTrack.Transport.DownTracks.Remove(downTrack.Ssrc);
        downTrack.Transport.Bandwidth?.Remove(downTrack);
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
        if (_publishers.TryGetValue(sink, out var publisher))
        {
            foreach (var track in publisher.Tracks.ToArray())
            {
                RemovePublishedTrack(track);
            }

            _publishers.Remove(sink);
            _publisherList.Remove(publisher);
        }

        if (_subscribers.Remove(sink, out var subscriber))
        {
            _subscriberList.Remove(subscriber);
            foreach (var downTrack in subscriber.DownTracks.Values.ToArray())
            {
                Unsubscribe(downTrack);
            }
        }
    }

    /// <summary>SSRC bindings from the offer's a=ssrc lines and FID groups.</summary>
    private static Dictionary<uint, SsrcBinding> DeclaredBindings(PublishedTrack track, PublishedTrackParameters parameters)
    {
        var bindings = new Dictionary<uint, SsrcBinding>();
        RtpStreamReceiver? single = track.IsSimulcast ? null : track.Layer(0);
        var rtxSsrcs = new HashSet<uint>(parameters.RtxSsrcs.Values);
        foreach (uint ssrc in parameters.DeclaredSsrcs)
        {
            if (!rtxSsrcs.Contains(ssrc))
            {
                bindings.TryAdd(ssrc, new SsrcBinding(track, single, isRtx: false));
            }
        }

        foreach (var (media, rtx) in parameters.RtxSsrcs)
        {
            bindings.TryAdd(media, new SsrcBinding(track, single, isRtx: false));
            bindings[rtx] = new SsrcBinding(track, single, isRtx: true);
            if (single is not null)
            {
                single.RtxSsrc = rtx;
            }
        }

        return bindings;
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Frequency);
}
