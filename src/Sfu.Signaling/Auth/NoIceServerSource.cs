using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Auth;

/// <summary>No extra ICE servers.</summary>
public sealed class NoIceServerSource : IIceServerSource
{
    public IReadOnlyList<IceServerInfo> For(string participantIdentity) => Array.Empty<IceServerInfo>();
}
