namespace Sfu.Signaling.Contracts;

/// <summary>
/// A participant who speaks, in <c>ActiveSpeakersChanged</c>: its level is the smoothed audio level of its microphone
/// as a linear amplitude (0 = silence, 1 = full scale; -20 dBov is 0.1).
/// </summary>
public sealed record SpeakerInfo(string ParticipantId, double Level);
