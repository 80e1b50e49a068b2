using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Sfu.Server.Http;

/// <summary>
/// Refuses bodies before they are read: 413 when the declared length (Content-Length) is over the endpoint's
/// limit (<see cref="IRequestSizeLimitMetadata"/>, else <see cref="HttpLimitsOptions.MaxRequestBodyBytes"/>), and
/// 503 with Retry-After when taking this body would put more than <see cref="HttpLimitsOptions.MaxBodyBytesInFlight"/>
/// bytes of bodies in flight. A body without a declared length counts as its endpoint's limit, which the server
/// enforces while it is read. Requests without a body pass untouched.
/// </summary>
public sealed class RequestBodyLimitMiddleware
{
    private readonly RequestDelegate _next;
    private readonly HttpLimitsOptions _options;
    private readonly HttpRefusals _refusals;
    private long _inFlight;

    public RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpLimitsOptions> options, HttpRefusals refusals)
    {
        _next = next;
        _options = options.Value;
        _refusals = refusals;
    }

    /// <summary>Body bytes reserved by requests being handled now.</summary>
    public long BytesInFlight => Interlocked.Read(ref _inFlight);

    public async Task InvokeAsync(HttpContext context)
    {
        long? declared = context.Request.ContentLength;
        bool hasBody = declared > 0 || (declared is null && context.Request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            await _next(context);
            return;
        }

        long limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _options.MaxRequestBodyBytes;
        if (declared > limit)
        {
            var detail = $"The body has {declared} bytes; this endpoint accepts at most {limit}.";
            _refusals.Refused(context, RefusalReason.BodyTooLarge, detail);
            HttpRefusals.CloseIfBodyUnread(context);
            await HttpRefusals.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);
            return;
        }

        long reserve = declared ?? limit;
        if (Interlocked.Add(ref _inFlight, reserve) > _options.MaxBodyBytesInFlight)
        {
            Interlocked.Add(ref _inFlight, -reserve);
            const string detail = "The server is receiving as many request bodies as it allows at once; try again in a moment.";
            _refusals.Refused(context, RefusalReason.BodiesInFlight, detail);
            HttpRefusals.CloseIfBodyUnread(context);
            context.Response.Headers.RetryAfter = "1";
            await HttpRefusals.WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Server busy", detail);
            return;
        }

        try
        {
            await _next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A body sent without a length, cut off by the server at the limit; the exception handler answers 413.
            _refusals.Refused(context, RefusalReason.BodyTooLarge, $"The body went past this endpoint's limit of {limit} bytes while it was read.");
            throw;
        }
        finally
        {
            Interlocked.Add(ref _inFlight, -reserve);
        }
    }
}
