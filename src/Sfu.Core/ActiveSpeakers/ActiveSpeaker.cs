namespace Sfu.Core.ActiveSpeakers;

/// <summary>One speaker of a room: whom it stands for (the id the room gave it) and its smoothed level (0-1 linear amplitude).</summary>
public readonly record struct ActiveSpeaker(string SpeakerId, double Level);
