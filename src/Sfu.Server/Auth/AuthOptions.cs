namespace Sfu.Server.Auth;

/// <summary>
/// Authentication options (section <c>Sfu:Auth</c>). With <see cref="Development"/> on (the embedded default) the
/// development key works and <c>POST /api/dev/token</c> hands out join tokens to anyone; production turns it off
/// and brings its own <see cref="ApiKeys"/>.
/// </summary>
public sealed class AuthOptions
{
    public const int MinSecretLength = 32;

    /// <summary>Development mode: the development key and the token endpoint for the room page.</summary>
    public bool Development { get; set; }

    /// <summary>API keys that sign join and admin tokens; several at once for rotation.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = new();

    /// <summary>Clock skew allowed on exp/nbf (seconds).</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Lifetime of the tokens <c>/api/dev/token</c> hands out (seconds).</summary>
    public int DevelopmentTokenTtlSeconds { get; set; } = 6 * 3600;

    /// <summary>The keys in effect: the configured ones, plus the development key in development mode.</summary>
    public IReadOnlyList<ApiKeyOptions> EffectiveKeys()
    {
        var keys = new List<ApiKeyOptions>(ApiKeys);
        if (Development && !keys.Any(k => k.Key == DevelopmentKey.Key))
        {
            keys.Add(new ApiKeyOptions { Key = DevelopmentKey.Key, Secret = DevelopmentKey.Secret });
        }

        return keys;
    }

    /// <summary>Every problem of this configuration, in words an operator can act on; empty when it is usable.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (!Development)
        {
            if (ApiKeys.Any(k => k.Key == DevelopmentKey.Key || k.Secret == DevelopmentKey.Secret))
            {
                problems.Add($"Sfu:Auth:ApiKeys contains the public development key '{DevelopmentKey.Key}' while Sfu:Auth:Development is false: "
                    + "production must bring its own keys. Replace it with a key of your own (Sfu:Auth:ApiKeys:0:Key and :Secret, a random secret of "
                    + $"{MinSecretLength}+ characters).");
            }

            if (ApiKeys.Count == 0)
            {
                problems.Add("Sfu:Auth:Development is false and no Sfu:Auth:ApiKeys are configured: no token could be verified. "
                    + $"Configure at least one key (Sfu:Auth:ApiKeys:0:Key and :Secret, a random secret of {MinSecretLength}+ characters).");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ApiKeys.Count; i++)
        {
            var k = ApiKeys[i];
            if (string.IsNullOrWhiteSpace(k.Key) || k.Key.Contains(':', StringComparison.Ordinal))
            {
                problems.Add($"Sfu:Auth:ApiKeys:{i}:Key is missing or contains ':'.");
            }
            else if (!names.Add(k.Key))
            {
                problems.Add($"Sfu:Auth:ApiKeys: the key '{k.Key}' is listed twice.");
            }

            if (k.Secret is null || k.Secret.Length < MinSecretLength)
            {
                problems.Add($"Sfu:Auth:ApiKeys:{i}:Secret (key '{k.Key}') must have at least {MinSecretLength} characters (HS256 needs a 256-bit key).");
            }
        }

        if (ClockSkewSeconds is < 0 or > 600)
        {
            problems.Add($"Sfu:Auth:ClockSkewSeconds is {ClockSkewSeconds}; use 0-600.");
        }

        return problems;
    }
}
