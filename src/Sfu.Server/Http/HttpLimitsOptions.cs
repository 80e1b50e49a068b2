namespace Sfu.Server.Http;

/// <summary>Limits on HTTP request bodies (section <c>Sfu:Http</c>).</summary>
public sealed class HttpLimitsOptions
{
    /// <summary>Largest request body any endpoint reads (Kestrel's limit; larger bodies get 413).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest admin API request body (<c>/api/rooms</c>); larger bodies get 413 without being read.</summary>
    public long MaxAdminBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Most request-body bytes being received at once, over all requests (a request counts its Content-Length,
    /// or its endpoint's limit when it sends none). A request that would go over gets 503 with Retry-After,
    /// without its body being read.
    /// </summary>
    public long MaxBodyBytesInFlight { get; set; } = 16 * 1024 * 1024;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxRequestBodyBytes < 1024)
        {
            throw new ArgumentOutOfRangeException("Sfu:Http:MaxRequestBodyBytes", MaxRequestBodyBytes, "must be at least 1024");
        }

        if (MaxAdminBodyBytes < 1024 || MaxAdminBodyBytes > MaxRequestBodyBytes)
        {
            throw new ArgumentOutOfRangeException("Sfu:Http:MaxAdminBodyBytes", MaxAdminBodyBytes, "must be 1024 to Sfu:Http:MaxRequestBodyBytes");
        }

        if (MaxBodyBytesInFlight < MaxRequestBodyBytes)
        {
            throw new ArgumentOutOfRangeException("Sfu:Http:MaxBodyBytesInFlight", MaxBodyBytesInFlight, "must be at least Sfu:Http:MaxRequestBodyBytes");
        }
    }
}
