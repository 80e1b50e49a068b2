using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Auth;

/// <summary>
/// Decides whether a hub connection may join a room, and with which grants. Throws a <see cref="HubException"/>
/// that says why not (expired token, wrong room, ...).
/// </summary>
public interface IJoinAuthorizer
{
    ValueTask<JoinAuthorization> AuthorizeAsync(HubCallerContext context, JoinRequest request);
}
