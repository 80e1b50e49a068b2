using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Auth;

/// <summary>No authentication: everyone may join any room with the default grants (the signaling library's default; the server replaces it).</summary>
public sealed class OpenJoinAuthorizer : IJoinAuthorizer
{
    public ValueTask<JoinAuthorization> AuthorizeAsync(HubCallerContext context, JoinRequest request)
        => ValueTask.FromResult(new JoinAuthorization(null, null, ParticipantGrants.Default));
}
