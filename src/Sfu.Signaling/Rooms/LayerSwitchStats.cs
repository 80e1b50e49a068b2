namespace Sfu.Signaling.Rooms;

/// <summary>
/// One simulcast layer switch of a down-track: when, from which spatial layer to which (0 = lowest, -1 = none), and
/// why (<c>start</c>, <c>preference</c>, <c>bandwidthDecrease</c>, <c>bandwidthIncrease</c>, <c>layerUnavailable</c>,
/// <c>layerAvailable</c>).
/// </summary>
public sealed record LayerSwitchStats(DateTimeOffset At, int From, int To, string Reason);
