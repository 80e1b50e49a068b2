namespace Sfu.Core.Sdp;

/// <summary>The a=setup attribute (RFC 4145, RFC 5763 5): which side opens the DTLS association.</summary>
public enum DtlsSetup
{
    /// <summary>Offerer may be either; the answerer chooses.</summary>
    Actpass,

    /// <summary>This side is the DTLS client.</summary>
    Active,

    /// <summary>This side is the DTLS server.</summary>
    Passive,

    /// <summary>Hold the connection (not used by WebRTC).</summary>
    Holdconn,
}
