using System.Text.Json;
using Microsoft.Playwright;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// Watches, inside the page, how long the picture stands still: every 50 ms it reads the frame counter of each video
/// RTP stream of a peer connection (<c>framesDecoded</c> of inbound-rtp, or <c>framesEncoded</c> of outbound-rtp) and
/// keeps, per stream, the longest time between two readings that saw the counter move.
/// </summary>
/// <remarks>
/// Chromium's own freeze figures (<see cref="InboundFigures.FreezeCount"/>) count every frame shown later than about
/// three average frame intervals, which a CPU-starved publisher or decoder causes on its own; this watch gives the one
/// number a person judges a switch by: the longest stretch with no new picture.
/// </remarks>
public sealed class FrameStallWatch
{
    private readonly IPage _page;
    private readonly string _name;

    private FrameStallWatch(IPage page, string name)
    {
        _page = page;
        _name = name;
    }

    /// <summary>Starts watching the peer connection at <paramref name="pcExpression"/>; <paramref name="outbound"/> watches what it encodes.</summary>
    public static async Task<FrameStallWatch> StartAsync(IPage page, string pcExpression, bool outbound = false)
    {
        string name = "__stallWatch" + Guid.NewGuid().ToString("N")[..8];
        await page.EvaluateAsync(
            @"([name, expr, outbound]) => {
                const watch = { streams: {}, timer: 0 };
                const sample = async () => {
                    const pc = eval(expr);
                    if (!pc) return;
                    const now = performance.now();
                    (await pc.getStats()).forEach(s => {
                        if (s.kind !== 'video' || s.type !== (outbound ? 'outbound-rtp' : 'inbound-rtp')) return;
                        const frames = (outbound ? s.framesEncoded : s.framesDecoded) || 0;
                        const key = s.rid || s.ssrc;
                        const st = watch.streams[key] || (watch.streams[key] = { frames, at: now, longest: 0 });
                        if (frames !== st.frames) {
                            st.longest = Math.max(st.longest, now - st.at);
                            st.frames = frames;
                            st.at = now;
                        }
                    });
                };
                watch.stop = () => {
                    clearInterval(watch.timer);
                    const now = performance.now();
                    const result = {};
                    for (const [key, st] of Object.entries(watch.streams)) result[key] = Math.round(Math.max(st.longest, now - st.at));
                    return result;
                };
                watch.timer = setInterval(sample, 50);
                window[name] = watch;
            }",
            new object[] { name, pcExpression, outbound });
        return new FrameStallWatch(page, name);
    }

    /// <summary>Stops the watch; returns the longest stall (ms) per stream (rid or SSRC).</summary>
    public async Task<IReadOnlyDictionary<string, int>> StopAsync()
    {
        string text = await _page.EvaluateAsync<string>("name => JSON.stringify(window[name].stop())", _name);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt32() : -1);
    }
}
