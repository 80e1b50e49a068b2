namespace Sfu.Server.Http;

/// <summary>
/// Request rates per client address (section <c>Sfu:RateLimits</c>), one <see cref="RateLimitRule"/> per kind of
/// request. A rule for another kind (say hub joins) is one more property here and one more policy in
/// <see cref="HttpEdgeSetup"/>, or, outside HTTP endpoints, a partitioned limiter made from the rule's
/// <see cref="RateLimitRule.ToLimiterOptions"/> keyed by <see cref="ClientAddress.PartitionKey"/>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary><c>POST /api/dev/token</c> (development mode only).</summary>
    public RateLimitRule DevToken { get; set; } = new() { PermitLimit = 30, WindowSeconds = 10 };

    /// <summary><c>POST /api/echo</c>: echo-test sessions started.</summary>
    public RateLimitRule Echo { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Hub <c>Join</c> attempts per SignalR connection (a client rejoining after Leave, not a loop).</summary>
    public RateLimitRule HubJoinPerConnection { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>
    /// Hub <c>Join</c> attempts per client address: everyone behind one NAT or proxy shares it, and a load test from
    /// one machine joins at its ramp rate (20 a second fits).
    /// </summary>
    public RateLimitRule HubJoinPerAddress { get; set; } = new() { PermitLimit = 1200, WindowSeconds = 60 };

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        DevToken.Validate("Sfu:RateLimits:DevToken");
        Echo.Validate("Sfu:RateLimits:Echo");
        HubJoinPerConnection.Validate("Sfu:RateLimits:HubJoinPerConnection");
        HubJoinPerAddress.Validate("Sfu:RateLimits:HubJoinPerAddress");
    }
}
