using System.Threading.RateLimiting;

namespace Sfu.Server.Http;

/// <summary>
/// One limit: at most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/> seconds from one client
/// (a fixed window; requests over it are refused at once, not queued). A limit of 0 turns it off.
/// </summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    /// <summary>Whether the rule limits anything.</summary>
    public bool IsEnabled => PermitLimit > 0;

    /// <summary>The limiter options of one client's partition.</summary>
    public FixedWindowRateLimiterOptions ToLimiterOptions() => new()
    {
        PermitLimit = PermitLimit,
        Window = TimeSpan.FromSeconds(WindowSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Throws when a value is out of range; <paramref name="section"/> names the rule in the message.</summary>
    public void Validate(string section)
    {
        if (PermitLimit < 0)
        {
            throw new ArgumentOutOfRangeException(section + ":PermitLimit", PermitLimit, "must be 0 (off) or more");
        }

        if (IsEnabled && WindowSeconds is < 1 or > 86_400)
        {
            throw new ArgumentOutOfRangeException(section + ":WindowSeconds", WindowSeconds, "must be 1-86400");
        }
    }
}
