namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// A video tile of the room page as a person sees it: whose it is, its caption, whether it shows video, and whether
/// it says "reconnecting" (its participant's connection dropped).
/// </summary>
public sealed record RoomTile(string ParticipantId, string Source, string Caption, bool Placeholder, int VideoWidth, bool Playing, bool Reconnecting)
{
    /// <summary>The tile shows moving video rather than its placeholder.</summary>
    public bool ShowsVideo => !Placeholder && Playing && VideoWidth > 0;
}
