namespace Sfu.Core.Bwe;

/// <summary>The allocation pass.</summary>
public sealed partial class StreamAllocator
{
    /// <summary>Chooses every track's layer for the estimate <paramref name="estimateBps"/> at time <paramref name="nowUs"/>.</summary>
    /// <param name="estimateBps">The subscriber's bandwidth estimate.</param>
    /// <param name="nowUs">Now, in microseconds.</param>
    /// <param name="lossy">
    /// The subscriber is losing packets heavily: a drop now that follows an upgrade means the upgrade overran the path,
    /// and the next hold doubles. Drops from the delay-based estimate's ordinary ups and downs do not.
    /// </param>
    public void Allocate(long estimateBps, long nowUs, bool lossy = false)
    {
        long remaining = estimateBps;
        ProbeGoalBps = 0;

        // Audio first: never paused, always counted.
        for (int t = 0; t < _used.Length; t++)
        {
            _blockedByHold[t] = false;
            if (_used[t] && !_isVideo[t])
            {
                _target[t] = 0;
                _reason[t] = AllocationReason.Audio;
                remaining -= LayerBitrate(t, 0);
            }
        }

        // Every video track its lowest layer, screen shares first.
        AssignLowest(TrackSource.ScreenShare, ref remaining, estimateBps, nowUs);
        AssignLowest(TrackSource.Camera, ref remaining, estimateBps, nowUs);

        // Upgrades: screen shares up to their preference, then cameras round-robin.
        for (int t = 0; t < _used.Length; t++)
        {
            if (IsActiveVideo(t) && _source[t] == TrackSource.ScreenShare)
            {
                while (TryUpgrade(t, ref remaining, estimateBps, nowUs))
                {
                }
            }
        }

        bool upgraded = true;
        while (upgraded)
        {
            upgraded = false;
            for (int t = 0; t < _used.Length; t++)
            {
                if (IsActiveVideo(t) && _source[t] == TrackSource.Camera)
                {
                    upgraded |= TryUpgrade(t, ref remaining, estimateBps, nowUs);
                }
            }
        }

        Finish(nowUs, lossy);
    }

    private bool IsActiveVideo(int t) => _used[t] && _isVideo[t] && !_pausedBySubscriber[t] && _target[t] >= 0;

    private void AssignLowest(TrackSource source, ref long remaining, long estimateBps, long nowUs)
    {
        for (int t = 0; t < _used.Length; t++)
        {
            if (!_used[t] || !_isVideo[t] || _source[t] != source)
            {
                continue;
            }

            _target[t] = Paused;
            if (_pausedBySubscriber[t])
            {
                continue;
            }

            long cost = LayerBitrate(t, 0);
            if (cost > remaining)
            {
                RecordProbeGoal(estimateBps - remaining + cost);
            }
            else if (HysteresisAllows(t, 0, cost, remaining, nowUs))
            {
                _target[t] = 0;
                remaining -= cost;
            }
            else if (_blockedByHold[t])
            {
                remaining -= cost; // reserved while the hold runs, so others do not take it
            }
        }
    }

    /// <summary>Raises the track one layer when it wants more and the step fits; true when it did.</summary>
    private bool TryUpgrade(int t, ref long remaining, long estimateBps, long nowUs)
    {
        int current = _target[t];
        if (_blockedByHold[t] || current >= DesiredMax(t))
        {
            return false;
        }

        int next = current + 1;
        long step = LayerBitrate(t, next) - LayerBitrate(t, current);
        if (step > remaining)
        {
            RecordProbeGoal(estimateBps - remaining + step);
            _upgradeReadySinceUs[t] = long.MinValue;
            return false;
        }

        if (!HysteresisAllows(t, next, step, remaining, nowUs))
        {
            if (_blockedByHold[t])
            {
                remaining -= step; // reserved while the hold runs, so others do not take it
            }

            return false;
        }

        _target[t] = next;
        remaining -= step;
        return true;
    }

    /// <summary>
    /// A layer at or below the previous allocation is kept as soon as it fits. A higher one after a drop needs the
    /// remaining budget to exceed the step by the margin, continuously for the hold time.
    /// </summary>
    private bool HysteresisAllows(int t, int layer, long step, long remaining, long nowUs)
    {
        if (layer <= _previous[t] || !_holdActive[t])
        {
            return true;
        }

        if (remaining < step * (1 + _settings.UpgradeMargin))
        {
            _upgradeReadySinceUs[t] = long.MinValue;
            return false;
        }

        if (_upgradeReadySinceUs[t] == long.MinValue)
        {
            _upgradeReadySinceUs[t] = nowUs;
        }

        if (nowUs - _upgradeReadySinceUs[t] >= _holdUs[t])
        {
            _upgradeReadySinceUs[t] = long.MinValue;
            return true;
        }

        _blockedByHold[t] = true;
        return false;
    }

    private void RecordProbeGoal(long goalBps)
    {
        if (ProbeGoalBps == 0)
        {
            ProbeGoalBps = goalBps;
        }
    }

    private void Finish(long nowUs, bool lossy)
    {
        long allocated = 0;
        for (int t = 0; t < _used.Length; t++)
        {
            if (!_used[t])
            {
                continue;
            }

            if (_target[t] >= 0)
            {
                allocated += LayerBitrate(t, _target[t]);
            }

            if (!_isVideo[t])
            {
                continue;
            }

            int target = _target[t];
            if (_pausedBySubscriber[t])
            {
                _reason[t] = AllocationReason.PausedBySubscriber;
                _previous[t] = Paused;
                _holdActive[t] = false; // showing it again is not climbing back after a drop
                continue;
            }

            if (target < _previous[t])
            {
                _holdActive[t] = true; // a drop: climbing back waits for the hold time
                _upgradeReadySinceUs[t] = long.MinValue;
                bool failedUpgrade = lossy && _lastUpgradeUs[t] != long.MinValue && nowUs - _lastUpgradeUs[t] < _settings.UpgradeTrialUs;
                _holdUs[t] = failedUpgrade ? Math.Min(_holdUs[t] * 2, _settings.MaxUpgradeHoldUs) : _holdUs[t];
                _lastUpgradeUs[t] = long.MinValue;
            }
            else if (target > _previous[t] && _previous[t] >= 0)
            {
                _lastUpgradeUs[t] = nowUs;
            }
            else if (_lastUpgradeUs[t] != long.MinValue && nowUs - _lastUpgradeUs[t] >= _settings.UpgradeTrialUs)
            {
                _holdUs[t] = _settings.UpgradeHoldUs; // the upgrade held: the next drop starts from the base hold
                _lastUpgradeUs[t] = long.MinValue;
            }

            if (target == DesiredMax(t))
            {
                _holdActive[t] = false;
            }

            _reason[t] = _blockedByHold[t] ? AllocationReason.HoldingAfterDrop
                : target == Paused ? AllocationReason.PausedNoBandwidth
                : target == DesiredMax(t) ? AllocationReason.Preferred
                : AllocationReason.BandwidthLimited;
            _previous[t] = target;
        }

        AllocatedBps = allocated;
    }
}
