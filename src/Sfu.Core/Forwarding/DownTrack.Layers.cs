using Sfu.Core.Bwe;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Which spatial layer the down-track forwards: the subscriber's preference (maximum layer or resolution) and the
/// allocator's share of the bandwidth estimate set a ceiling; <see cref="LayerSelector"/> picks the target from the
/// ceiling and the layers the publisher is sending; <see cref="SimulcastLayerSwitch"/> moves to the target at its
/// keyframe. Everything here is a <see cref="SpatialLayer"/> (0 = lowest), whatever the publisher's rid order; the
/// public members give the same numbers as plain integers for stats.
/// </summary>
public sealed partial class DownTrack
{
    /// <summary>The highest spatial layer a subscriber can ask for (three layers: 0, 1, 2).</summary>
    public const int MaxSpatialLayer = StreamAllocator.MaxLayers - 1;

    private const int SwitchHistoryLength = 8;

    private readonly SimulcastLayerSwitch? _switch;
    private readonly LayerSwitchRecord[] _switchHistory = new LayerSwitchRecord[SwitchHistoryLength];
    private long _switchHistoryCount;
    private int _preferredMaxLayer = MaxSpatialLayer;
    private int _preferredMaxWidth;
    private int _preferredMaxHeight;
    private SpatialLayer _preferenceCeiling = new(MaxSpatialLayer);

    /// <summary>The allocator's grant; null while no allocator limits this down-track (its subscriber gives no bandwidth feedback).</summary>
    private SpatialLayer? _allocatedLayer;
    private bool _pausedByAllocator;
    private LayerChangeReason _ceilingReason = LayerChangeReason.Start;
    private LayerChangeReason _targetReason = LayerChangeReason.Start;
    private SpatialLayer? _ceilingAtTarget;
    private bool _preferenceChangedSinceAllocation;

    /// <summary>The highest spatial layer the subscriber wants (0 = lowest); <see cref="MaxSpatialLayer"/> by default.</summary>
    public int PreferredMaxLayer => _preferredMaxLayer;

    /// <summary>The largest frame width the subscriber wants (its tile's size in device pixels), or null for any.</summary>
    public int? PreferredMaxWidth => _preferredMaxWidth > 0 ? _preferredMaxWidth : null;

    /// <summary>The largest frame height the subscriber wants, or null for any.</summary>
    public int? PreferredMaxHeight => _preferredMaxHeight > 0 ? _preferredMaxHeight : null;

    /// <summary>The spatial layer forwarded now (0 = lowest; 0 without simulcast; -1 when none yet or paused).</summary>
    public int CurrentLayer => _switch is null ? 0 : _switch.Current.Value;

    /// <summary>The spatial layer the down-track moves to at its next keyframe (equal to <see cref="CurrentLayer"/> when settled; -1 = none).</summary>
    public int TargetLayer => _switch is null ? (Suspended ? -1 : 0) : _switch.Target.Value;

    /// <summary>
    /// The layer the allocator granted from the subscriber's bandwidth estimate (0 = lowest, -1 = paused for lack of
    /// bandwidth), or null when no allocator limits this down-track (its subscriber gives no bandwidth feedback).
    /// </summary>
    public int? AllocatedLayer => _pausedByAllocator ? -1 : _allocatedLayer?.Value;

    /// <summary>Why the allocator chose <see cref="AllocatedLayer"/>.</summary>
    public AllocationReason AllocationReason { get; private set; } = AllocationReason.Preferred;

    /// <summary>True when the allocator paused this video because not even its lowest layer fits the estimate.</summary>
    public bool PausedByAllocator => _pausedByAllocator;

    /// <summary>Simulcast layer switches made (the first layer forwarded not counted).</summary>
    public long LayerSwitches { get; private set; }

    /// <summary>The subscriber's bandwidth estimate (bit/s) when it gives feedback, else null.</summary>
    public long? BandwidthEstimateBps => _endpoint.Bandwidth is { HasFeedback: true } bandwidth ? bandwidth.Estimator.EstimateBps : null;

    /// <summary>The measured bitrate of the layer being forwarded (0 when nothing is).</summary>
    internal long ForwardedBitrateBps => _hasSource && !Suspended && !_track.Muted ? _track.Receiver(_sourceRid).BitrateBps : 0;

    /// <summary>The ceiling the preference alone puts on the layer (resolution mapped with the layers' sizes).</summary>
    internal SpatialLayer PreferenceCeiling => _preferenceCeiling;

    /// <summary>Nothing is forwarded: paused by the subscriber or by the allocator.</summary>
    private bool Suspended => _paused || _pausedByAllocator;

    /// <summary>
    /// The subscriber's wish for this track: at most spatial layer <paramref name="maxSpatialLayer"/> (0 = lowest),
    /// and no larger than <paramref name="maxWidth"/> x <paramref name="maxHeight"/> (the lowest layer that covers that
    /// size is chosen). Null leaves a limit off. Takes effect at the next keyframe of the layer it leads to.
    /// </summary>
    public void SetPreferredLayers(int? maxSpatialLayer, int? maxWidth, int? maxHeight)
    {
        _preferredMaxLayer = Math.Clamp(maxSpatialLayer ?? MaxSpatialLayer, 0, MaxSpatialLayer);
        _preferredMaxWidth = Math.Max(maxWidth ?? 0, 0);
        _preferredMaxHeight = Math.Max(maxHeight ?? 0, 0);
        UpdatePreferenceCeiling(LayerChangeReason.Preference);
        _preferenceChangedSinceAllocation = true;
        if (!Suspended && _switch is not null && !IsClosed)
        {
            SpatialLayer target = ChooseTarget(_context.Now);
            if (!target.IsNone && target != _switch.Target)
            {
                RequestKeyframeFor(target);
            }
        }
    }

    /// <summary>The most recent layer switches, oldest first (a copy; for the stats API, not the packet path).</summary>
    public IReadOnlyList<LayerSwitchRecord> RecentLayerSwitches()
    {
        int count = (int)Math.Min(_switchHistoryCount, SwitchHistoryLength);
        var list = new List<LayerSwitchRecord>(count);
        for (long i = _switchHistoryCount - count; i < _switchHistoryCount; i++)
        {
            list.Add(_switchHistory[i % SwitchHistoryLength]);
        }

        return list;
    }

    /// <summary>The allocator's decision for this down-track (on the allocation tick): a layer, or <see cref="StreamAllocator.Paused"/>.</summary>
    internal void ApplyAllocation(int layer, AllocationReason reason)
    {
        AllocationReason = reason;
        if (!_isVideo)
        {
            return;
        }

        if (reason == AllocationReason.PausedBySubscriber)
        {
            return; // not the allocator's doing: the down-track is paused, muted or has nothing live (see SubscriberBandwidth)
        }

        bool preferenceMoved = _preferenceChangedSinceAllocation;
        _preferenceChangedSinceAllocation = false;
        var granted = new SpatialLayer(layer);
        if (!granted.IsNone && granted != _allocatedLayer)
        {
            // The allocator follows a new preference within the estimate: that move is the preference's.
            LayerChangeReason why = preferenceMoved && reason == AllocationReason.Preferred ? LayerChangeReason.Preference
                : _allocatedLayer is not { } before || granted < before ? LayerChangeReason.BandwidthDecrease
                : LayerChangeReason.BandwidthIncrease;
            _allocatedLayer = granted;
            UpdatePreferenceCeiling(why);
        }

        // After the layer: resuming targets (and asks a keyframe of) the layer granted now, not the one before the pause.
        bool pause = granted.IsNone;
        if (pause != _pausedByAllocator)
        {
            _pausedByAllocator = pause;
            OnSuspendedChanged();
        }
    }

    /// <summary>The track's layer sizes or order changed: the preference ceiling and the switch's layers follow.</summary>
    internal void OnLayerOrderChanged()
    {
        if (_switch is not null && _hasSource && !_switch.Current.IsNone)
        {
            _switch.Remap(_track.SpatialLayerOf(_sourceRid));
            if (_switch.Current != _switch.Target)
            {
                // The target keeps its number but now names another layer, the real one of that quality: the switch
                // to it is for a layer that became known, not the start reason left from before.
                _targetReason = LayerChangeReason.LayerAvailable;
            }
        }

        UpdatePreferenceCeiling(_ceilingReason);
    }

    /// <summary>Recomputes the preference ceiling (the resolution limit mapped with the layers' sizes), noting what moved it.</summary>
    internal void UpdatePreferenceCeiling(LayerChangeReason reason)
    {
        SpatialLayer ceiling = SpatialLayer.Min(new SpatialLayer(_preferredMaxLayer), SpatialLayer.Top(_track.LayerCount));
        if (_preferredMaxWidth > 0 || _preferredMaxHeight > 0)
        {
            for (var layer = SpatialLayer.Lowest; layer < ceiling; layer = new SpatialLayer(layer.Value + 1))
            {
                (int width, int height) = _track.FrameSizeOf(layer);
                if ((_preferredMaxWidth == 0 || width >= _preferredMaxWidth) && (_preferredMaxHeight == 0 || height >= _preferredMaxHeight))
                {
                    ceiling = layer;
                    break;
                }
            }
        }

        if (ceiling != _preferenceCeiling || reason is LayerChangeReason.BandwidthDecrease or LayerChangeReason.BandwidthIncrease)
        {
            _ceilingReason = reason;
        }

        _preferenceCeiling = ceiling;
    }

    /// <summary>The layer to forward now (see <see cref="LayerSelector.ChooseTarget"/>).</summary>
    private SpatialLayer ChooseTarget(long now) =>
        LayerSelector.ChooseTarget(_preferenceCeiling, _allocatedLayer, _track.LiveLayers(now), _switch!.Target, _track.LayerCount);

    /// <summary>Points the switch at the layer chosen now, noting why the target moved.</summary>
    private void UpdateTarget(long now)
    {
        SpatialLayer target = ChooseTarget(now);
        if (target == _switch!.Target)
        {
            return;
        }

        SpatialLayer ceiling = LayerSelector.Ceiling(_preferenceCeiling, _allocatedLayer, _track.LayerCount);
        _targetReason = LayerSelector.ReasonForTarget(_switch.Target, target, ceiling, _ceilingAtTarget, _ceilingReason);
        _ceilingAtTarget = ceiling;
        _switch.SetTarget(target);
    }

    /// <summary>Asks (throttled per layer) for a keyframe of spatial layer <paramref name="layer"/>, unless sends are failing.</summary>
    private void RequestKeyframeFor(SpatialLayer layer)
    {
        if (!_sendFailing)
        {
            _track.RequestKeyframe(layer);
        }
    }

    /// <summary>Paused or resumed (by the subscriber or the allocator): resuming video waits for a keyframe and asks for one.</summary>
    private void OnSuspendedChanged()
    {
        if (Suspended)
        {
            _switch?.SetTarget(SpatialLayer.None);
            return;
        }

        if (_isVideo && !IsClosed)
        {
            _waitingForKeyframe = true;
            if (_switch is not null)
            {
                UpdateTarget(_context.Now);
            }

            RequestKeyframe();
        }
    }

    private void RecordSwitch(SpatialLayer from, SpatialLayer to)
    {
        if (!from.IsNone)
        {
            LayerSwitches++;
            _context.Metrics.LayerSwitched();
        }

        _switchHistory[_switchHistoryCount % SwitchHistoryLength] = new LayerSwitchRecord(_context.UtcNow, from.Value, to.Value, from.IsNone ? LayerChangeReason.Start : _targetReason);
        _switchHistoryCount++;
    }
}
