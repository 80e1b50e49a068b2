using System.Globalization;
using Sfu.Server.Admin;
using Sfu.Signaling.Auth;

namespace Sfu.Server.Auth;

/// <summary>
/// <c>sfu token --room R --identity I [--name N] [--grants publish,subscribe,data,admin] [--ttl 1h] [--key K]</c>:
/// prints a token signed with a configured key, without starting the server. Configuration is read as the server
/// reads it (embedded defaults, appsettings, environment, <c>--Sfu:...</c> arguments).
/// </summary>
public static class TokenCommand
{
    public const string Usage = "usage: token --room <room|*> --identity <id> [--name <display name>] [--grants publish,subscribe,data,admin] [--ttl 1h|30m|3600s|2d] [--key <api key>]";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var options = new AuthOptions();
        configuration.GetSection("Sfu:Auth").Bind(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            error.WriteLine("The Sfu:Auth configuration is not usable: " + string.Join(" ", problems));
            return 1;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--Sfu:", StringComparison.OrdinalIgnoreCase) || args[i].StartsWith("--Sfu__", StringComparison.OrdinalIgnoreCase))
            {
                // A configuration override (--Sfu:Auth:ApiKeys:0:Key=K or --Sfu:Auth:ApiKeys:0:Key K), already applied.
                i += args[i].Contains('=', StringComparison.Ordinal) ? 0 : 1;
                continue;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine($"unexpected argument '{args[i]}'");
                error.WriteLine(Usage);
                return 2;
            }

            values[args[i][2..]] = args[++i];
        }

        if (!values.TryGetValue("room", out var room) || (room != TokenClaims.AnyRoom && !AdminValidation.IsRoomName(room)))
        {
            error.WriteLine("--room is required: " + AdminValidation.RoomNameRule + " ('*': every room, for admin tokens)");
            error.WriteLine(Usage);
            return 2;
        }

        if (!values.TryGetValue("identity", out var identity) || string.IsNullOrWhiteSpace(identity))
        {
            error.WriteLine("--identity is required.");
            error.WriteLine(Usage);
            return 2;
        }

        if (!TryParseGrants(values.GetValueOrDefault("grants", "publish,subscribe,data"), out var grants, out var bad))
        {
            error.WriteLine($"--grants: unknown grant '{bad}' (use publish, subscribe, data, admin).");
            return 2;
        }

        if (!TryParseTtl(values.GetValueOrDefault("ttl", "1h"), out var ttl))
        {
            error.WriteLine("--ttl must be a positive duration such as 3600s, 30m, 1h or 2d.");
            return 2;
        }

        var key = values.GetValueOrDefault("key");
        var service = new TokenService(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
        if (service.FindKey(key) is null)
        {
            error.WriteLine(key is null ? "No API key is configured (Sfu:Auth:ApiKeys)." : $"No API key '{key}' is configured (Sfu:Auth:ApiKeys).");
            return 1;
        }

        output.WriteLine(service.Create(new TokenRequest(identity, values.GetValueOrDefault("name"), room, grants, ttl, key)));
        return 0;
    }

    public static bool TryParseGrants(string list, out ParticipantGrants grants, out string? bad)
    {
        bool publish = false, subscribe = false, data = false, admin = false;
        bad = null;
        foreach (var g in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (g)
            {
                case "publish": publish = true; break;
                case "subscribe": subscribe = true; break;
                case "data": data = true; break;
                case "admin": admin = true; break;
                default: bad = g; break;
            }
        }

        grants = new ParticipantGrants(publish, subscribe, data, admin);
        return bad is null;
    }

    public static bool TryParseTtl(string text, out TimeSpan ttl)
    {
        ttl = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        ttl = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => default,
        };
        return ttl > TimeSpan.Zero;
    }
}
