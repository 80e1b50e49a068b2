using Sfu.Signaling.Auth;

namespace Sfu.Server.Admin;

/// <summary>A participant's grants on the wire.</summary>
public sealed record GrantsBody(bool CanPublish, bool CanSubscribe, bool CanPublishData, bool RoomAdmin)
{
    public static GrantsBody From(ParticipantGrants g) => new(g.CanPublish, g.CanSubscribe, g.CanPublishData, g.RoomAdmin);

    public ParticipantGrants ToGrants() => new(CanPublish, CanSubscribe, CanPublishData, RoomAdmin);
}
