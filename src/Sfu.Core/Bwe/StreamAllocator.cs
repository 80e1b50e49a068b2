using Sfu.Core.Forwarding;

namespace Sfu.Core.Bwe;

/// <summary>
/// Shares one subscriber's bandwidth estimate among the tracks it receives, choosing a simulcast layer per video track
/// (LiveKit's StreamAllocator, mediasoup's consumer priorities). Rules: audio is never paused, only its bitrate counted;
/// every video track gets its lowest layer before any gets a higher one, screen shares first; a video track is paused
/// when even its lowest layer does not fit; tracks are not raised above the subscriber's preferred layer (tile size);
/// downgrades are immediate, but after a drop an upgrade waits until the estimate has covered the next layer with a
/// margin for a hold time. Upgrades go to screen shares first (up to their preference), then round-robin over cameras.
/// </summary>
/// <remarks>
/// Layers are spatial qualities, 0 = lowest. Tracks are slots in preallocated arrays (<see cref="AddTrack"/> at
/// setup); <see cref="Allocate"/> is deterministic, pure apart from its own state, and allocates nothing.
/// <see cref="ProbeGoalBps"/> tells the estimator how much to probe for when an upgrade is blocked by bandwidth.
/// </remarks>
public sealed partial class StreamAllocator
{
    /// <summary>Most simulcast layers per track.</summary>
    public const int MaxLayers = 3;

    /// <summary>Target layer of a paused track.</summary>
    public const int Paused = -1;

    private readonly StreamAllocatorSettings _settings;
    private readonly bool[] _used;
    private readonly bool[] _isVideo;
    private readonly TrackSource[] _source;
    private readonly int[] _layerCount;
    private readonly bool[] _pausedBySubscriber;
    private readonly int[] _preferredMax;
    private readonly long[] _layerBps;
    private readonly int[] _target;
    private readonly int[] _previous;
    private readonly AllocationReason[] _reason;
    private readonly bool[] _holdActive;
    private readonly long[] _upgradeReadySinceUs;
    private readonly bool[] _blockedByHold;
    private readonly long[] _holdUs;
    private readonly long[] _lastUpgradeUs;

    /// <summary>Creates an allocator for up to <paramref name="capacity"/> tracks.</summary>
    public StreamAllocator(int capacity, StreamAllocatorSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _settings = settings ?? new StreamAllocatorSettings();
        _used = new bool[capacity];
        _isVideo = new bool[capacity];
        _source = new TrackSource[capacity];
        _layerCount = new int[capacity];
        _pausedBySubscriber = new bool[capacity];
        _preferredMax = new int[capacity];
        _layerBps = new long[capacity * MaxLayers];
        _target = new int[capacity];
        _previous = new int[capacity];
        _reason = new AllocationReason[capacity];
        _holdActive = new bool[capacity];
        _upgradeReadySinceUs = new long[capacity];
        _blockedByHold = new bool[capacity];
        _holdUs = new long[capacity];
        _lastUpgradeUs = new long[capacity];
    }

    /// <summary>Slots available.</summary>
    public int Capacity => _used.Length;

    /// <summary>Bit/s allocated by the last <see cref="Allocate"/> (audio included).</summary>
    public long AllocatedBps { get; private set; }

    /// <summary>
    /// After <see cref="Allocate"/>: the total bitrate that would allow the next upgrade (or unpause) that the estimate
    /// blocks, in priority order; 0 when nothing is blocked by bandwidth. Probe towards it.
    /// </summary>
    public long ProbeGoalBps { get; private set; }

    /// <summary>Adds a track and returns its slot. Throws when full (setup, not the media path).</summary>
    public int AddTrack(MediaKind kind, TrackSource source, int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layerCount, MaxLayers);
        int slot = Array.IndexOf(_used, false);
        if (slot < 0)
        {
            throw new InvalidOperationException("The stream allocator is full.");
        }

        _used[slot] = true;
        _isVideo[slot] = kind == MediaKind.Video;
        _source[slot] = source;
        _layerCount[slot] = kind == MediaKind.Video ? layerCount : 1;
        _pausedBySubscriber[slot] = false;
        _preferredMax[slot] = MaxLayers - 1;
        _layerBps.AsSpan(slot * MaxLayers, MaxLayers).Clear();
        _target[slot] = Paused;
        _previous[slot] = Paused;
        _reason[slot] = kind == MediaKind.Video ? AllocationReason.PausedNoBandwidth : AllocationReason.Audio;
        _holdActive[slot] = false;
        _upgradeReadySinceUs[slot] = long.MinValue;
        _holdUs[slot] = _settings.UpgradeHoldUs;
        _lastUpgradeUs[slot] = long.MinValue;
        return slot;
    }

    /// <summary>Frees a slot.</summary>
    public void RemoveTrack(int track) => _used[track] = false;

    /// <summary>The subscriber hides (or shows again) the track.</summary>
    public void SetPausedBySubscriber(int track, bool paused) => _pausedBySubscriber[track] = paused;

    /// <summary>The highest layer the subscriber wants (from its tile size); capped at the track's top layer.</summary>
    public void SetPreferredMaxLayer(int track, int layer) => _preferredMax[track] = Math.Clamp(layer, 0, MaxLayers - 1);

    /// <summary>The measured bitrate of one layer (audio: layer 0); 0 = unknown (nominal defaults apply).</summary>
    public void SetLayerBitrate(int track, int layer, long bps) => _layerBps[(track * MaxLayers) + layer] = Math.Max(bps, 0);

    /// <summary>The layer chosen for the track by the last <see cref="Allocate"/>; <see cref="Paused"/> = paused (audio: 0).</summary>
    public int TargetLayer(int track) => _target[track];

    /// <summary>
    /// The hold before the track's next upgrade after a drop: <see cref="StreamAllocatorSettings.UpgradeHoldUs"/>,
    /// doubled (up to <see cref="StreamAllocatorSettings.MaxUpgradeHoldUs"/>) each time a drop under heavy loss follows an
    /// upgrade within <see cref="StreamAllocatorSettings.UpgradeTrialUs"/>, back to the base once an upgrade lasts that long.
    /// </summary>
    public long UpgradeHoldUs(int track) => _holdUs[track];

    /// <summary>Why that layer.</summary>
    public AllocationReason Reason(int track) => _reason[track];

    /// <summary>The bitrate assumed for a layer: measured, else nominal.</summary>
    public long LayerBitrate(int track, int layer)
    {
        long measured = _layerBps[(track * MaxLayers) + layer];
        if (measured > 0)
        {
            return measured;
        }

        if (!_isVideo[track])
        {
            return _settings.NominalAudioBps;
        }

        if (_layerCount[track] == 1)
        {
            return _settings.NominalSingleLayerBps;
        }

        long[] nominal = _settings.NominalLayerBps;
        return nominal[Math.Min(layer, nominal.Length - 1)];
    }

    private int DesiredMax(int track) => Math.Min(_preferredMax[track], _layerCount[track] - 1);
}
