namespace Sfu.Load.Run;

/// <summary>
/// One synthetic participant of a run: its room and name, what it publishes, whether it subscribes, and how many
/// remote audio and video tracks it should receive (the others' in its room); in the data scenario whether it carries
/// room data (<paramref name="Data"/>) and sends it (<paramref name="SendsData"/>) rather than media.
/// </summary>
public sealed record ParticipantPlan(
    int Index,
    string Room,
    string Name,
    bool PublishAudio,
    bool PublishVideo,
    bool Subscribe,
    int ExpectedAudioTracks,
    int ExpectedVideoTracks,
    bool Data = false,
    bool SendsData = false)
{
    public bool Publishes => PublishAudio || PublishVideo;

    public bool ExpectsTracks => Subscribe && ExpectedAudioTracks + ExpectedVideoTracks > 0;
}
