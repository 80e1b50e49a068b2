namespace Sfu.Core.Sdp;

/// <summary>The answer built by <see cref="SdpNegotiator.CreateAnswer"/>, the per m-section outcome and the remote transport.</summary>
public sealed class SdpAnswerResult
{
    public required SessionDescription Answer { get; init; }

    public required IReadOnlyList<NegotiatedMedia> Media { get; init; }

    /// <summary>Our a=setup: Passive means we are the DTLS server, Active the client.</summary>
    public DtlsSetup LocalSetup { get; init; }

    /// <summary>The mid of the m-section whose transport carries the whole BUNDLE (the first accepted one); null when none was accepted.</summary>
    public string? TransportMid { get; init; }

    /// <summary>The offerer's ICE ufrag for the transport, or null when nothing was accepted.</summary>
    public string? RemoteIceUfrag { get; init; }

    public string? RemoteIcePwd { get; init; }

    /// <summary>The offerer's certificate fingerprints for the transport, to check the DTLS peer certificate against.</summary>
    public IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; init; } = [];

    /// <summary>The candidates the offer carried for the transport (an ICE-lite server does not need them).</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates { get; init; } = [];

    /// <summary>True when at least one m-section was accepted.</summary>
    public bool AnyAccepted => Media.Any(m => m.Accepted);
}
