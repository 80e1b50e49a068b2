namespace Sfu.Core.Rtcp;

/// <summary>One packet reported by transport-wide CC feedback: its sequence number, whether it arrived, and when.</summary>
public readonly struct TransportWideCcPacketStatus
{
    /// <summary>Length of a receive delta tick in microseconds.</summary>
    public const int DeltaTickMicroseconds = 250;

    /// <summary>Creates a status.</summary>
    public TransportWideCcPacketStatus(ushort sequenceNumber, TransportWideCcStatus status, int deltaTicks, long arrivalTimeTicks)
    {
        SequenceNumber = sequenceNumber;
        Status = status;
        DeltaTicks = deltaTicks;
        ArrivalTimeTicks = arrivalTimeTicks;
    }

    /// <summary>Transport-wide sequence number of the packet.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>The status symbol.</summary>
    public TransportWideCcStatus Status { get; }

    /// <summary>True when the packet was received.</summary>
    public bool IsReceived => Status != TransportWideCcStatus.NotReceived;

    /// <summary>
    /// Receive delta in 250 µs ticks, relative to the previous received packet of the feedback (to the reference
    /// time for the first one). 0 when not received.
    /// </summary>
    public int DeltaTicks { get; }

    /// <summary>Receive delta in microseconds.</summary>
    public long DeltaMicroseconds => DeltaTicks * (long)DeltaTickMicroseconds;

    /// <summary>
    /// Arrival time in 250 µs ticks in the feedback sender's clock: reference time plus all deltas so far.
    /// For a packet not received, the arrival time of the previous received one.
    /// </summary>
    public long ArrivalTimeTicks { get; }

    /// <summary>Arrival time in microseconds in the feedback sender's clock.</summary>
    public long ArrivalTimeMicroseconds => ArrivalTimeTicks * DeltaTickMicroseconds;
}
