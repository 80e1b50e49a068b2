using Microsoft.AspNetCore.Http.HttpResults;
using Sfu.Core.Echo;
using Sfu.Server.Http;

namespace Sfu.Server.Endpoints;

/// <summary>
/// The echo test's negotiation: a plain HTTP offer/answer (the echo is a diagnostic and needs no rooms).
/// <c>POST /api/echo</c> with <c>{"type":"offer","sdp":"..."}</c> answers 201 with the session id and the SDP answer;
/// <c>DELETE /api/echo/{id}</c> ends a session.
/// </summary>
public static class EchoEndpoints
{
    /// <summary>Offers larger than this are refused (a browser offer is a few kilobytes).</summary>
    public const int MaxOfferLength = 64 * 1024;

    public static IEndpointRouteBuilder MapEchoApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/echo").WithTags("Echo test");
        group.MapPost("/", CreateAsync).RequireRateLimiting(HttpEdgeSetup.EchoPolicy);
        group.MapDelete("/{id}", Delete);
        return app;
    }

    private static async Task<Results<Created<EchoAnswerResponse>, ProblemHttpResult>> CreateAsync(EchoOfferRequest? request, EchoService echo, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Sdp))
        {
            return TypedResults.Problem(title: "Missing offer", detail: "Send a JSON body {\"type\":\"offer\",\"sdp\":\"v=0...\"} with the browser's SDP offer.", statusCode: 400);
        }

        if (!string.Equals(request.Type, "offer", StringComparison.Ordinal))
        {
            return TypedResults.Problem(title: "Not an offer", detail: $"The echo test answers offers; got type '{request.Type}'.", statusCode: 400);
        }

        if (request.Sdp.Length > MaxOfferLength)
        {
            return TypedResults.Problem(title: "Offer too large", detail: $"The offer has {request.Sdp.Length} characters; at most {MaxOfferLength} are accepted.", statusCode: 413);
        }

        try
        {
            var answer = await echo.CreateAsync(request.Sdp, ct);
            return TypedResults.Created($"/api/echo/{answer.SessionId}", new EchoAnswerResponse(answer.SessionId, "answer", answer.Sdp));
        }
        catch (EchoNegotiationException e)
        {
            return TypedResults.Problem(title: "Offer refused", detail: e.Message, statusCode: 400);
        }
    }

    private static Results<NoContent, NotFound> Delete(string id, EchoService echo)
        => echo.Close(id) ? TypedResults.NoContent() : TypedResults.NotFound();
}

/// <summary>The browser's offer.</summary>
public sealed record EchoOfferRequest(string? Type, string? Sdp);

/// <summary>The server's answer.</summary>
public sealed record EchoAnswerResponse(string SessionId, string Type, string Sdp);
