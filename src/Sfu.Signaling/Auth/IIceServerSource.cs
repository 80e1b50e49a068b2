using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Auth;

/// <summary>ICE servers handed to one participant at join, beyond the configured static ones (e.g. TURN with time-limited credentials).</summary>
public interface IIceServerSource
{
    IReadOnlyList<IceServerInfo> For(string participantIdentity);
}
