namespace Sfu.Core.Rtcp;

/// <summary>Packet status symbols of transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1.1).</summary>
public enum TransportWideCcStatus : byte
{
    /// <summary>Packet not received (no receive delta).</summary>
    NotReceived = 0,

    /// <summary>Packet received, small delta: one unsigned byte of 250 µs ticks (0..63.75 ms).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>Packet received, large or negative delta: two signed bytes of 250 µs ticks.</summary>
    ReceivedLargeOrNegativeDelta = 2,
}
