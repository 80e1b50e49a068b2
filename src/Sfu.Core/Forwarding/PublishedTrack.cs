using System.Text;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// A track a participant publishes into a room (mediasoup's Producer, LiveKit's Receiver): its receive streams (one per
/// simulcast layer) and the down-tracks forwarding it to subscribers. Created by <see cref="RoomRouter.AddPublishedTrack"/>;
/// used on the room's media worker thread only.
/// </summary>
public sealed class PublishedTrack
{
    private readonly RtpStreamReceiver[] _layers;
    private readonly List<DownTrack> _downTracks = [];
    private readonly int[] _qualityOfLayer;
    private readonly int[] _layerOfQuality;

    internal PublishedTrack(RoomRouter router, IRtpPacketSink publisher, PublishedTrackParameters parameters, long now, long frequency)
    {
        Router = router;
        Publisher = publisher;
        Parameters = parameters;
        ExtensionIds = HeaderExtensionIds.From(parameters.HeaderExtensions);
        MidBytes = Encoding.UTF8.GetBytes(parameters.Mid);
        PayloadTypes = CodecMapping.BuildPayloadTypeTable(parameters.Codecs);
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
        int layerCount = Math.Max(1, parameters.Rids.Count);
        _layers = new RtpStreamReceiver[layerCount];
        LayerLastPacket = new long[layerCount];
        _qualityOfLayer = new int[layerCount];
        _layerOfQuality = new int[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            string? rid = i < parameters.Rids.Count ? parameters.Rids[i] : null;
            if (rid is not null)
            {
                RidBytes[i] = Encoding.UTF8.GetBytes(rid);
            }

            _layers[i] = new RtpStreamReceiver(this, i, rid, ClockRate, now, frequency);
            LayerLastPacket[i] = Never;

            // Until the layers' frame sizes are seen, the rids are taken as listed highest first (Chromium's and
            // Firefox's order for a=simulcast, and this server's JS client's).
            _qualityOfLayer[i] = layerCount - 1 - i;
            _layerOfQuality[layerCount - 1 - i] = i;
        }
    }

    /// <summary>Marks a layer that never received a packet in <see cref="LayerLastPacket"/>.</summary>
    internal const long Never = long.MinValue;

    public string TrackId => Parameters.TrackId;

    public MediaKind Kind => Parameters.Kind;

    /// <summary>The publisher's mid for this track.</summary>
    public string Mid => Parameters.Mid;

    public PublishedTrackParameters Parameters { get; }

    /// <summary>The publisher's transport (where keyframe requests and receiver reports go).</summary>
    public IRtpPacketSink Publisher { get; }

    /// <summary>The publisher muted the track: nothing is forwarded.</summary>
    public bool Muted { get; internal set; }

    /// <summary>The track was removed from its room.</summary>
    public bool IsClosed { get; internal set; }

    /// <summary>True when the track has more than one simulcast layer.</summary>
    public bool IsSimulcast => _layers.Length > 1;

    /// <summary>The receive streams, one per simulcast layer in the publisher's rid order (one without simulcast).</summary>
    public IReadOnlyList<RtpStreamReceiver> Layers => _layers;

    /// <summary>The down-tracks forwarding this track.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    internal RoomRouter Router { get; }

    internal HeaderExtensionIds ExtensionIds { get; }

    internal byte[] MidBytes { get; }

    internal byte[][] RidBytes { get; }

    internal PayloadTypeInfo[] PayloadTypes { get; }

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

    /// <summary>Per layer, when its last packet arrived (<see cref="Never"/> before the first).</summary>
    internal long[] LayerLastPacket { get; }

    /// <summary>What the track shows (camera or screen), for the allocator's priorities.</summary>
    public Bwe.TrackSource Source => Parameters.Source;

    internal RtpStreamReceiver Layer(int index) => _layers[index];

    /// <summary>The spatial quality of a layer (rid index): 0 is the lowest.</summary>
    public int QualityOf(int layer) => _qualityOfLayer[layer];

    /// <summary>The layer (rid index) with spatial quality <paramref name="quality"/> (0 is the lowest).</summary>
    public int LayerOfQuality(int quality) => _layerOfQuality[quality];

    /// <summary>The receive stream of spatial quality <paramref name="quality"/>.</summary>
    public RtpStreamReceiver LayerByQuality(int quality) => _layers[_layerOfQuality[quality]];

    /// <summary>True when the layer of spatial quality <paramref name="quality"/> received media within the stall timeout.</summary>
    internal bool IsQualityLive(int quality, long now, long stallTicks)
    {
        long last = LayerLastPacket[_layerOfQuality[quality]];
        return last != Never && now - last < stallTicks;
    }

    /// <summary>
    /// A keyframe showed a layer's frame size. Once every layer's size is known the quality order follows the sizes
    /// (whatever the rid order was); true when that changed the order.
    /// </summary>
    internal bool OnFrameSize(int layer, int width, int height)
    {
        if (!_layers[layer].SetFrameSize(width, height) || _layers.Length == 1)
        {
            return false;
        }

        Span<int> order = stackalloc int[_layers.Length];
        for (int i = 0; i < order.Length; i++)
        {
            if (_layers[i].Width == 0)
            {
                return false;
            }

            order[i] = i;
        }

        // Insertion sort by area, ties in the current quality order (at most three layers).
        for (int i = 1; i < order.Length; i++)
        {
            int key = order[i];
            int j = i - 1;
            while (j >= 0 && Compare(order[j], key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = key;
        }

        bool changed = false;
        for (int quality = 0; quality < order.Length; quality++)
        {
            changed |= _layerOfQuality[quality] != order[quality];
            _layerOfQuality[quality] = order[quality];
            _qualityOfLayer[order[quality]] = quality;
        }

        return changed;

        int Compare(int a, int b)
        {
            long areaA = (long)_layers[a].Width * _layers[a].Height;
            long areaB = (long)_layers[b].Width * _layers[b].Height;
            return areaA != areaB ? areaA.CompareTo(areaB) : _qualityOfLayer[a].CompareTo(_qualityOfLayer[b]);
        }
    }

    /// <summary>
    /// The frame size of the layer of spatial quality <paramref name="quality"/>: seen in its keyframes, else derived
    /// from the top layer's (seen, or announced by the publisher, else 1280x720) halved per step down.
    /// </summary>
    public (int Width, int Height) FrameSizeOf(int quality)
    {
        RtpStreamReceiver layer = LayerByQuality(quality);
        if (layer.Width > 0)
        {
            return (layer.Width, layer.Height);
        }

        RtpStreamReceiver top = LayerByQuality(_layers.Length - 1);
        int width = top.Width > 0 ? top.Width : Parameters.Width ?? 1280;
        int height = top.Width > 0 ? top.Height : Parameters.Height ?? 720;
        int shift = _layers.Length - 1 - quality;
        return (Math.Max(width >> shift, 1), Math.Max(height >> shift, 1));
    }

    internal void AddDownTrack(DownTrack downTrack) => _downTracks.Add(downTrack);

    internal void RemoveDownTrack(DownTrack downTrack) => _downTracks.Remove(downTrack);

    /// <summary>The layer whose rid is <paramref name="rid"/>, or -1.</summary>
    internal int FindLayer(ReadOnlySpan<byte> rid)
    {
        for (int i = 0; i < RidBytes.Length; i++)
        {
            if (rid.SequenceEqual(RidBytes[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Notes where the copied header extensions' values are in the packet.</summary>
    internal void FindCopiedExtensions(ref IncomingPacket packet)
    {
        HeaderExtensionIds ids = ExtensionIds;
        if (!ids.HasCopiedExtensions || !packet.Header.HasExtension)
        {
            return;
        }

        foreach (RtpHeaderExtension element in RtpHeaderExtensions.Enumerate(packet.Packet, packet.Header))
        {
            var range = new ExtensionRange(element.ValueOffset, element.Value.Length);
            if (element.Id == ids.AudioLevel)
            {
                packet.AudioLevel = range;
            }
            else if (element.Id == ids.VideoOrientation)
            {
                packet.VideoOrientation = range;
            }
            else if (element.Id == ids.TransmissionOffset)
            {
                packet.TransmissionOffset = range;
            }
            else if (element.Id == ids.PlayoutDelay)
            {
                packet.PlayoutDelay = range;
            }
        }
    }

    /// <summary>Hands one packet to every down-track.</summary>
    internal void Forward(scoped in IncomingPacket packet, Span<byte> scratch)
    {
        for (int i = 0; i < _downTracks.Count; i++)
        {
            _downTracks[i].Forward(packet, scratch);
        }
    }

    public override string ToString() => TrackId + " (" + Kind + ", mid " + Mid + ")";
}
