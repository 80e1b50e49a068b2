namespace Sfu.Load.Run;

/// <summary>
/// One synthetic participant of a run: its room and name, what it publishes, whether it subscribes, and how many
/// remote audio and video tracks it should receive (the others' in its room).
/// </summary>
public sealed record ParticipantPlan(
    int Index,
    string Room,
    string Name,
    bool PublishAudio,
    bool PublishVideo,
    bool Subscribe,
    int ExpectedAudioTracks,
    int ExpectedVideoTracks)
{
    public bool Publishes => PublishAudio || PublishVideo;

    public bool ExpectsTracks => Subscribe && ExpectedAudioTracks + ExpectedVideoTracks > 0;
}
