using System.Text;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// A track a participant publishes into a room (mediasoup's Producer, LiveKit's Receiver): its receive streams (one per
/// simulcast encoding, in the publisher's rid order), the spatial order of those streams, and the down-tracks
/// forwarding it to subscribers. It receives each packet once and hands it to every down-track. Created by
/// <see cref="RoomRouter.AddPublishedTrack"/>; used on the room's media worker thread only.
/// </summary>
/// <remarks>
/// Two numberings of its layers exist and are kept apart by type: a <see cref="RidIndex"/> is a stream's position in
/// the publisher's rid list, a <see cref="SpatialLayer"/> its quality (0 = lowest). Until the layers' frame sizes are
/// seen in keyframes the rids are taken as listed highest first; then the sizes decide.
/// </remarks>
public sealed partial class PublishedTrack
{
    private readonly RtpStreamReceiver[] _receivers;
    private readonly List<DownTrack> _downTracks = [];
    private readonly int[] _qualityOfRid;
    private readonly int[] _ridOfQuality;
    private readonly ForwardingContext _context;

    internal PublishedTrack(PublisherEndpoint endpoint, ForwardingContext context, PublishedTrackParameters parameters, long now)
    {
        Endpoint = endpoint;
        _context = context;
        Parameters = parameters;
        ExtensionIds = HeaderExtensionIds.From(parameters.HeaderExtensions);
        MidBytes = Encoding.UTF8.GetBytes(parameters.Mid);
        PayloadTypes = CodecMapping.BuildPayloadTypeTable(parameters.Codecs);
        CodecCapabilities = CodecMapping.ToCapabilities(parameters.Codecs);
        ClockRate = parameters.Codecs.Count > 0 ? parameters.Codecs[0].ClockRate : (parameters.Kind == MediaKind.Audio ? 48000 : 90000);
        foreach (var codec in parameters.Codecs)
        {
            SupportsPli |= codec.Pli;
            SupportsFir |= codec.Fir;
            SupportsNack |= codec.Nack;
            SupportsTransportCc |= (codec.Feedback & Sdp.RtcpFeedbackFlags.TransportCc) != 0;
            SupportsRemb |= (codec.Feedback & Sdp.RtcpFeedbackFlags.Remb) != 0;
        }

        RidBytes = new byte[parameters.Rids.Count][];
        int count = Math.Max(1, parameters.Rids.Count);
        _receivers = new RtpStreamReceiver[count];
        _qualityOfRid = new int[count];
        _ridOfQuality = new int[count];
        for (int i = 0; i < count; i++)
        {
            string? rid = i < parameters.Rids.Count ? parameters.Rids[i] : null;
            if (rid is not null)
            {
                RidBytes[i] = Encoding.UTF8.GetBytes(rid);
            }

            _receivers[i] = new RtpStreamReceiver(this, new RidIndex(i), rid, ClockRate, now, context.Frequency);

            // Until the layers' frame sizes are seen, the rids are taken as listed highest first (Chromium's and
            // Firefox's order for a=simulcast, and this server's JS client's).
            _qualityOfRid[i] = count - 1 - i;
            _ridOfQuality[count - 1 - i] = i;
        }
    }

    public string TrackId => Parameters.TrackId;

    public MediaKind Kind => Parameters.Kind;

    /// <summary>The publisher's mid for this track.</summary>
    public string Mid => Parameters.Mid;

    public PublishedTrackParameters Parameters { get; }

    /// <summary>The publisher's transport (where keyframe requests and receiver reports go).</summary>
    public IRtpPacketSink Publisher => Endpoint.Sink;

    /// <summary>The publisher muted the track: nothing is forwarded.</summary>
    public bool Muted { get; internal set; }

    /// <summary>The track was removed from its room.</summary>
    public bool IsClosed { get; internal set; }

    /// <summary>The smoothed audio level (0-1 linear amplitude) while the room's active speaker observer watches the track; else null.</summary>
    public double? AudioLevel => LevelMeter?.Level;

    /// <summary>Set while an <see cref="ActiveSpeakers.ActiveSpeakerObserver"/> observes the track: it measures each packet's level.</summary>
    internal ActiveSpeakers.AudioLevelMeter? LevelMeter { get; set; }

    /// <summary>True when the track has more than one simulcast layer.</summary>
    public bool IsSimulcast => _receivers.Length > 1;

    /// <summary>The receive streams, indexed by <see cref="RidIndex"/> (the publisher's rid order; one without simulcast).</summary>
    public IReadOnlyList<RtpStreamReceiver> Layers => _receivers;

    /// <summary>The down-tracks forwarding this track.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    /// <summary>What the track shows (camera or screen), for the allocator's priorities.</summary>
    public Bwe.TrackSource Source => Parameters.Source;

    internal PublisherEndpoint Endpoint { get; }

    internal HeaderExtensionIds ExtensionIds { get; }

    internal byte[] MidBytes { get; }

    internal byte[][] RidBytes { get; }

    internal PayloadTypeInfo[] PayloadTypes { get; }

    /// <summary>The publisher's codecs (in <see cref="PublishedTrackParameters.Codecs"/> order) as capabilities to match subscribers' codecs against.</summary>
    internal Sdp.RtpCodecCapability[] CodecCapabilities { get; }

    /// <summary>Clock rate of the track's first codec: the clock of jitter, sender reports and timestamp gaps.</summary>
    internal int ClockRate { get; }

    internal bool SupportsPli { get; }

    internal bool SupportsFir { get; }

    /// <summary>The publisher negotiated generic NACK: lost packets are asked for again.</summary>
    internal bool SupportsNack { get; }

    /// <summary>The publisher negotiated transport-cc feedback (used with the transport-wide sequence number extension).</summary>
    internal bool SupportsTransportCc { get; }

    /// <summary>The publisher negotiated goog-remb.</summary>
    internal bool SupportsRemb { get; }

    /// <summary>The receive streams in rid order, for loops on the worker thread.</summary>
    internal ReadOnlySpan<RtpStreamReceiver> Receivers => _receivers;

    /// <summary>The number of layers (receive streams).</summary>
    internal int LayerCount => _receivers.Length;

    /// <summary>The receive stream at <paramref name="rid"/>.</summary>
    internal RtpStreamReceiver Receiver(RidIndex rid) => _receivers[rid.Value];

    /// <summary>The spatial quality of the stream at <paramref name="rid"/>.</summary>
    public SpatialLayer SpatialLayerOf(RidIndex rid) => new(_qualityOfRid[rid.Value]);

    /// <summary>The rid index of the stream of spatial quality <paramref name="layer"/>.</summary>
    public RidIndex RidIndexOf(SpatialLayer layer) => new(_ridOfQuality[layer.Value]);

    /// <summary>The receive stream of spatial quality <paramref name="layer"/>.</summary>
    public RtpStreamReceiver ReceiverOf(SpatialLayer layer) => _receivers[_ridOfQuality[layer.Value]];

    /// <summary>The spatial quality (0 = lowest) of the stream at rid index <paramref name="ridIndex"/>; <see cref="SpatialLayerOf"/> as plain numbers, for stats.</summary>
    public int QualityOf(int ridIndex) => _qualityOfRid[ridIndex];

    /// <summary>The rid index of the stream of spatial quality <paramref name="quality"/>; <see cref="RidIndexOf"/> as plain numbers.</summary>
    public int LayerOfQuality(int quality) => _ridOfQuality[quality];

    /// <summary>The receive stream of spatial quality <paramref name="quality"/> (0 = lowest).</summary>
    public RtpStreamReceiver LayerByQuality(int quality) => ReceiverOf(new SpatialLayer(quality));

    /// <summary>The spatial layers that received media within the stall timeout before <paramref name="now"/>.</summary>
    internal SpatialLayerSet LiveLayers(long now)
    {
        SpatialLayerSet live = SpatialLayerSet.Empty;
        for (int i = 0; i < _receivers.Length; i++)
        {
            if (_receivers[i].IsLive(now, _context.StallTicks))
            {
                live = live.With(new SpatialLayer(_qualityOfRid[i]));
            }
        }

        return live;
    }

    /// <summary>
    /// The frame size of spatial layer <paramref name="quality"/> (0 = lowest): seen in its keyframes, else derived
    /// from the top layer's (seen, or announced by the publisher, else 1280x720) halved per step down.
    /// </summary>
    public (int Width, int Height) FrameSizeOf(int quality) => FrameSizeOf(new SpatialLayer(quality));

    /// <inheritdoc cref="FrameSizeOf(int)"/>
    public (int Width, int Height) FrameSizeOf(SpatialLayer layer)
    {
        RtpStreamReceiver receiver = ReceiverOf(layer);
        if (receiver.Width > 0)
        {
            return (receiver.Width, receiver.Height);
        }

        RtpStreamReceiver top = ReceiverOf(SpatialLayer.Top(_receivers.Length));
        int width = top.Width > 0 ? top.Width : Parameters.Width ?? 1280;
        int height = top.Width > 0 ? top.Height : Parameters.Height ?? 720;
        int shift = _receivers.Length - 1 - layer.Value;
        return (Math.Max(width >> shift, 1), Math.Max(height >> shift, 1));
    }

    /// <summary>Asks the publisher (throttled per stream) for a keyframe of spatial layer <paramref name="layer"/>.</summary>
    internal void RequestKeyframe(SpatialLayer layer)
    {
        if (IsClosed || Muted || layer.IsNone || layer.Value >= _receivers.Length)
        {
            return;
        }

        Endpoint.RequestKeyframe(this, ReceiverOf(layer));
    }

    /// <summary>Down-tracks that answer NACKs: while there is one, every receive stream keeps its recent packets.</summary>
    internal int ResendingDownTracks { get; private set; }

    internal void AddDownTrack(DownTrack downTrack)
    {
        _downTracks.Add(downTrack);
        if (downTrack.CachesPackets && ResendingDownTracks++ == 0)
        {
            foreach (RtpStreamReceiver receiver in _receivers)
            {
                receiver.EnableRetransmissions();
            }
        }
    }

    internal void RemoveDownTrack(DownTrack downTrack)
    {
        if (_downTracks.Remove(downTrack) && downTrack.CachesPackets && --ResendingDownTracks == 0)
        {
            foreach (RtpStreamReceiver receiver in _receivers)
            {
                receiver.DisableRetransmissions();
            }
        }
    }

    /// <summary>The rid index whose rid is <paramref name="rid"/>, or null.</summary>
    internal RidIndex? FindRid(ReadOnlySpan<byte> rid)
    {
        for (int i = 0; i < RidBytes.Length; i++)
        {
            if (rid.SequenceEqual(RidBytes[i]))
            {
                return new RidIndex(i);
            }
        }

        return null;
    }

    /// <summary>Closes each stream's bitrate window when due (called every quarter window from the router's tick).</summary>
    internal void UpdateBitrates(long now, long window)
    {
        foreach (RtpStreamReceiver receiver in _receivers)
        {
            receiver.UpdateBitrate(now, window);
        }
    }

    public override string ToString() => TrackId + " (" + Kind + ", mid " + Mid + ")";
}
