namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>A video tile of the room page as a person sees it: whose it is, its caption, and whether it shows video.</summary>
public sealed record RoomTile(string ParticipantId, string Source, string Caption, bool Placeholder, int VideoWidth, bool Playing)
{
    /// <summary>The tile shows moving video rather than its placeholder.</summary>
    public bool ShowsVideo => !Placeholder && Playing && VideoWidth > 0;
}
