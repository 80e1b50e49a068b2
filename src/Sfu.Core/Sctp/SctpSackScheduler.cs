namespace Sfu.Core.Sctp;

/// <summary>
/// When and what to acknowledge (RFC 9260 6.2): SACK at once on gaps or duplicates, else every second packet or after
/// the delayed-ack time, reporting the gap blocks of the received TSNs and the duplicates seen since the last SACK.
/// </summary>
/// <remarks>Owned by one <see cref="SctpAssociation"/> and touched only on its thread; its buffers are preallocated.</remarks>
internal sealed class SctpSackScheduler
{
    private const int MaxGapBlocks = 32;
    private const int MaxDuplicatesReported = 16;

    private readonly SctpTsnTracker _tsns;
    private readonly int _delayedAckMs;
    private readonly uint[] _duplicates = new uint[MaxDuplicatesReported];
    private int _duplicateCount;
    private int _packetsSinceSack;
    private bool _sackImmediately;

    /// <summary>Creates the scheduler for the TSNs received in <paramref name="tsns"/>.</summary>
    /// <param name="tsns">The received TSNs.</param>
    /// <param name="delayedAckMs">The delayed-ack time (<see cref="SctpOptions.DelayedAckMs"/>); 0 acknowledges every packet.</param>
    public SctpSackScheduler(SctpTsnTracker tsns, int delayedAckMs)
    {
        _tsns = tsns;
        _delayedAckMs = delayedAckMs;
    }

    /// <summary>Whether a SACK should go in the next packet.</summary>
    public bool Due { get; private set; }

    /// <summary>When the delayed SACK is due (owner's clock), or <see cref="long.MaxValue"/>.</summary>
    public long DelayedAtMs { get; private set; } = long.MaxValue;

    /// <summary>A duplicate TSN arrived: report it and acknowledge at once.</summary>
    public void OnDuplicate(uint tsn)
    {
        if (_duplicateCount < _duplicates.Length)
        {
            _duplicates[_duplicateCount++] = tsn;
        }

        _sackImmediately = true;
    }

    /// <summary>Acknowledge the next packet with data at once (e.g. data was dropped for want of buffer).</summary>
    public void RequestImmediate() => _sackImmediately = true;

    /// <summary>Send a SACK with the next packet.</summary>
    public void RequestNow() => Due = true;

    /// <summary>A packet with DATA was handled: SACK now or start the delayed-ack timer.</summary>
    public void OnDataPacket(long now)
    {
        _packetsSinceSack++;
        if (_sackImmediately || _tsns.HasGaps || _packetsSinceSack >= 2 || _delayedAckMs == 0)
        {
            Due = true;
            _sackImmediately = false;
        }
        else if (DelayedAtMs == long.MaxValue)
        {
            DelayedAtMs = now + _delayedAckMs;
        }
    }

    /// <summary>The delayed-ack timer ran out.</summary>
    public void OnTimer()
    {
        DelayedAtMs = long.MaxValue;
        Due = true;
    }

    /// <summary>Stops the timer (the association closed).</summary>
    public void Stop() => DelayedAtMs = long.MaxValue;

    /// <summary>Adds a SACK advertising <paramref name="receiveWindow"/>; true when it fit.</summary>
    public bool AddTo(ref SctpPacketBuilder builder, uint receiveWindow)
    {
        Span<SctpGapBlock> gaps = stackalloc SctpGapBlock[MaxGapBlocks];
        int gapCount = _tsns.WriteGapBlocks(gaps);
        if (!builder.TryAddSack(_tsns.Cumulative, receiveWindow, gaps[..gapCount], _duplicates.AsSpan(0, _duplicateCount)))
        {
            return false;
        }

        Due = false;
        DelayedAtMs = long.MaxValue;
        _duplicateCount = 0;
        _packetsSinceSack = 0;
        return true;
    }
}
