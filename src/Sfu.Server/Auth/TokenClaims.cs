namespace Sfu.Server.Auth;

/// <summary>The claim names of join tokens.</summary>
public static class TokenClaims
{
    public const string Room = "room";
    public const string Grants = "grants";
    public const string CanPublish = "canPublish";
    public const string CanSubscribe = "canSubscribe";
    public const string CanPublishData = "canPublishData";
    public const string RoomAdmin = "roomAdmin";

    /// <summary>The room claim of a token valid in every room (admin tokens).</summary>
    public const string AnyRoom = "*";
}
