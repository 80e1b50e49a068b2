using System.Text.RegularExpressions;
using Sfu.Signaling.Hubs;

namespace Sfu.Server.Admin;

/// <summary>Rules shared by the admin API and the token endpoints (the same as the hub's).</summary>
public static partial class AdminValidation
{
    public const string RoomNameRule = "room must be 1-64 characters of letters, digits, '_', '-' or '.'.";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex RoomNamePattern();

    public static bool IsRoomName(string? name) => name is not null && RoomNamePattern().IsMatch(name);

    public static bool IsDisplayName(string? name)
        => !string.IsNullOrWhiteSpace(name) && name.Length <= HubArguments.MaxNameLength && !name.Any(char.IsControl);

    public static bool IsMetadata(string? metadata) => metadata is null || metadata.Length <= HubArguments.MaxMetadataLength;
}
