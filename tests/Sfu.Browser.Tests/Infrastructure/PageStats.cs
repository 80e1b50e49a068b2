using System.Text.Json;
using Microsoft.Playwright;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>What a person would notice, read from the page's <c>RTCPeerConnection.getStats()</c>.</summary>
/// <remarks>
/// <see cref="FreezeCount"/> and <see cref="TotalFreezesDuration"/> are Chromium's video freeze figures (a frame shown
/// much later than the average frame interval), summed over the video streams.
/// </remarks>
public sealed record InboundFigures(long VideoFramesDecoded, long VideoBytesReceived, long AudioBytesReceived, long AudioPacketsReceived, int FrameWidth, int FrameHeight, long FreezeCount = 0, double TotalFreezesDuration = 0)
{
    /// <summary>
    /// Sums the inbound-rtp figures of the peer connection the page exposes at <paramref name="pcExpression"/>
    /// (a JavaScript expression such as <c>window.echo.pc</c>).
    /// </summary>
    public static async Task<InboundFigures> ReadAsync(IPage page, string pcExpression)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            @"async (expr) => {
                const pc = eval(expr);
                const r = { vf: 0, vb: 0, ab: 0, ap: 0, w: 0, h: 0, fc: 0, fd: 0 };
                if (!pc) return r;
                (await pc.getStats()).forEach(s => {
                    if (s.type !== 'inbound-rtp') return;
                    if (s.kind === 'video') { r.vf += s.framesDecoded || 0; r.vb += s.bytesReceived || 0; r.w = Math.max(r.w, s.frameWidth || 0); r.h = Math.max(r.h, s.frameHeight || 0); r.fc += s.freezeCount || 0; r.fd += s.totalFreezesDuration || 0; }
                    if (s.kind === 'audio') { r.ab += s.bytesReceived || 0; r.ap += s.packetsReceived || 0; }
                });
                return r;
            }",
            pcExpression);
        return new InboundFigures(
            json.GetProperty("vf").GetInt64(),
            json.GetProperty("vb").GetInt64(),
            json.GetProperty("ab").GetInt64(),
            json.GetProperty("ap").GetInt64(),
            json.GetProperty("w").GetInt32(),
            json.GetProperty("h").GetInt32(),
            json.GetProperty("fc").GetInt64(),
            json.GetProperty("fd").GetDouble());
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns the last figures.</summary>
    public static async Task<InboundFigures> WaitUntilAsync(IPage page, string pcExpression, Func<InboundFigures, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var figures = await ReadAsync(page, pcExpression);
        while (!condition(figures) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            figures = await ReadAsync(page, pcExpression);
        }

        return figures;
    }
}
