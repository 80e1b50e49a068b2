namespace Sfu.Core.Ice;

/// <summary>STUN ERROR-CODE values used by ICE (RFC 8489 section 14.8, RFC 8445 section 7.3.1.1).</summary>
public static class StunErrorCodes
{
    /// <summary>400 Bad Request: malformed request (missing USERNAME/MESSAGE-INTEGRITY/PRIORITY/FINGERPRINT).</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthenticated: unknown username or wrong MESSAGE-INTEGRITY.</summary>
    public const int Unauthenticated = 401;

    /// <summary>420 Unknown Attribute.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487 Role Conflict.</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;
}
