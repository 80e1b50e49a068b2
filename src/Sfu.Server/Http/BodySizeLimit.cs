using Microsoft.AspNetCore.Http.Metadata;

namespace Sfu.Server.Http;

/// <summary>
/// Endpoint metadata: the largest body the endpoint reads. Routing applies it to the server's own limit
/// (<see cref="IRequestSizeLimitMetadata"/>), and <see cref="RequestBodyLimitMiddleware"/> refuses a larger
/// declared body before anything reads it.
/// </summary>
public sealed class BodySizeLimit : IRequestSizeLimitMetadata
{
    public BodySizeLimit(long maxBytes) => MaxRequestBodySize = maxBytes;

    public long? MaxRequestBodySize { get; }
}
