using System.Text.Json;

namespace Sfu.Server.Tests.Deploy;

/// <summary>A dashboard JSON of deploy/grafana/dashboards: every panel's title and PromQL expressions.</summary>
public sealed class GrafanaDashboard
{
    private GrafanaDashboard(string title, string uid, IReadOnlyList<(string Panel, string Expr)> expressions)
    {
        Title = title;
        Uid = uid;
        Expressions = expressions;
    }

    public string Title { get; }

    public string Uid { get; }

    public IReadOnlyList<(string Panel, string Expr)> Expressions { get; }

    public static GrafanaDashboard Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var expressions = new List<(string, string)>();
        Collect(root.GetProperty("panels"), expressions);
        return new GrafanaDashboard(root.GetProperty("title").GetString()!, root.GetProperty("uid").GetString()!, expressions);
    }

    private static void Collect(JsonElement panels, List<(string, string)> into)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr))
                    {
                        into.Add((title, expr.GetString()!));
                    }
                }
            }

            if (panel.TryGetProperty("panels", out var nested))
            {
                Collect(nested, into);
            }
        }
    }
}
