namespace Sfu.Core.Forwarding;

/// <summary>One simulcast layer switch of a down-track: when, from which spatial layer to which (0 = lowest, -1 = none), and why.</summary>
public readonly record struct LayerSwitchRecord(DateTimeOffset At, int From, int To, LayerChangeReason Reason);
