namespace Sfu.Core.Rtcp;

/// <summary>
/// A received packet to report in transport-wide CC feedback: its extended (unwrapped) transport-wide sequence
/// number and its arrival time in microseconds on the receiver's clock. Input of <see cref="TransportWideCcFeedbackBuilder"/>.
/// </summary>
public readonly record struct TransportWideCcArrival(long SequenceNumber, long ArrivalTimeMicroseconds);
