namespace Sfu.Server.Http;

/// <summary>Why the HTTP edge refused a request before its endpoint ran (label <c>reason</c> of <c>sfu_http_refused_total</c>).</summary>
public enum RefusalReason
{
    /// <summary>Admin API without valid credentials (401).</summary>
    Unauthenticated,

    /// <summary>Admin API with credentials that do not reach the room (403).</summary>
    Forbidden,

    /// <summary>A body larger than the endpoint accepts (413).</summary>
    BodyTooLarge,

    /// <summary>Too many body bytes being received at once (503).</summary>
    BodiesInFlight,

    /// <summary><c>Sfu:RateLimits:DevToken</c> (429).</summary>
    RateLimitDevToken,

    /// <summary><c>Sfu:RateLimits:Echo</c> (429).</summary>
    RateLimitEcho,
}
