using System.Globalization;
using System.Net;

namespace Sfu.Load.Cli;

/// <summary>
/// Parses the command line (<c>--name value</c> or <c>--name=value</c>) into <see cref="LoadOptions"/>. Every
/// mistake is a <see cref="UsageException"/> whose message names the option and says what is expected.
/// </summary>
public static class LoadOptionsParser
{
    /// <summary>The options that take a value, for the unknown-option message.</summary>
    public static readonly IReadOnlyList<string> ValueOptions =
    [
        "--url", "--rooms", "--room-size", "--video-publishers", "--publishers", "--subscribers", "--duration", "--ramp",
        "--layer", "--max-loss", "--server-pid", "--room", "--token", "--api-key", "--api-secret", "--threads",
        "--media-address", "--connect-timeout", "--settle", "--data-senders", "--data-receivers", "--data-rate", "--data-size",
    ];

    /// <summary>The flags (no value).</summary>
    public static readonly IReadOnlyList<string> Flags = ["--twcc", "--no-twcc", "--data-reliable", "--data-lossy", "--sched-batch", "--quiet", "--help", "-h"];

    /// <summary>The smallest data payload: the tool's own header (sender, sequence number, send time).</summary>
    public const int MinDataSize = Data.DataPayload.HeaderLength;

    /// <summary>The largest data payload: the server's ceiling for <c>Sfu:Rooms:Data:MaxMessageBytes</c> (200 KiB).</summary>
    public const int MaxDataSize = 200 * 1024;

    /// <summary>True when the arguments ask for help.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> on any mistake.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        bool fanOutGiven = false;
        bool apiKeyGiven = false;
        bool apiSecretGiven = false;
        bool dataDetailGiven = false;
        bool reliabilityGiven = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }

            if (Flags.Contains(name, StringComparer.Ordinal))
            {
                if (value is not null)
                {
                    throw new UsageException($"{name} takes no value.");
                }

                switch (name)
                {
                    case "--twcc":
                        options.TransportCc = true;
                        break;
                    case "--no-twcc":
                        options.TransportCc = false;
                        break;
                    case "--quiet":
                        options.Quiet = true;
                        break;
                    case "--sched-batch":
                        options.BatchScheduling = true;
                        break;
                    case "--data-reliable" or "--data-lossy":
                        if (reliabilityGiven)
                        {
                            throw new UsageException("Give one of --data-reliable and --data-lossy.");
                        }

                        options.DataReliable = name == "--data-reliable";
                        reliabilityGiven = true;
                        dataDetailGiven = true;
                        break;
                }

                continue;
            }

            if (!ValueOptions.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException(arg.StartsWith('-')
                    ? $"Unknown option {name}. Options: {string.Join(", ", ValueOptions.Concat(Flags))}."
                    : $"Unexpected argument '{arg}': options start with -- (see --help).");
            }

            if (!seen.Add(name))
            {
                throw new UsageException($"{name} is given twice.");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    throw new UsageException($"{name} needs a value.");
                }

                value = args[++i];
            }

            switch (name)
            {
                case "--url":
                    options.Url = ParseUrl(value);
                    break;
                case "--rooms":
                    options.Rooms = ParseInt(name, value, 1, 10_000);
                    break;
                case "--room-size":
                    options.RoomSize = ParseInt(name, value, 2, 10_000);
                    break;
                case "--video-publishers":
                    options.VideoPublishers = ParseInt(name, value, 0, 10_000);
                    break;
                case "--publishers":
                    options.Publishers = ParseInt(name, value, 1, 10_000);
                    fanOutGiven = true;
                    break;
                case "--subscribers":
                    options.Subscribers = ParseInt(name, value, 0, 100_000);
                    fanOutGiven = true;
                    break;
                case "--duration":
                    options.Duration = ParseDuration(name, value);
                    break;
                case "--connect-timeout":
                    options.ConnectTimeout = ParseDuration(name, value);
                    break;
                case "--settle":
                    options.Settle = ParseDuration(name, value);
                    break;
                case "--ramp":
                    options.Ramp = ParseDouble(name, value, 0.1, 1000, "joins per second");
                    break;
                case "--layer":
                    options.Layer = value.ToLowerInvariant() switch
                    {
                        "high" or "h" or "2" => SubscriberLayer.High,
                        "mid" or "m" or "1" => SubscriberLayer.Mid,
                        "low" or "l" or "0" => SubscriberLayer.Low,
                        _ => throw new UsageException($"--layer must be high, mid or low, not '{value}'."),
                    };
                    break;
                case "--max-loss":
                    options.MaxLossPercent = ParseDouble(name, value.TrimEnd('%'), 0, 100, "percent");
                    break;
                case "--server-pid":
                    options.ServerPid = ParseInt(name, value, 1, int.MaxValue);
                    break;
                case "--room":
                    if (value.Length == 0 || value.Length > 100 || value.Any(char.IsWhiteSpace))
                    {
                        throw new UsageException("--room must be 1-100 characters without spaces.");
                    }

                    options.RoomPrefix = value;
                    break;
                case "--token":
                    options.Token = value.Length > 0 ? value : throw new UsageException("--token is empty.");
                    break;
                case "--api-key":
                    options.ApiKey = value.Length > 0 ? value : throw new UsageException("--api-key is empty.");
                    apiKeyGiven = true;
                    break;
                case "--api-secret":
                    options.ApiSecret = value.Length >= 32 ? value : throw new UsageException("--api-secret must be at least 32 characters (the server refuses shorter secrets).");
                    apiSecretGiven = true;
                    break;
                case "--threads":
                    options.Threads = ParseInt(name, value, 1, 64);
                    break;
                case "--data-senders":
                    options.DataSenders = ParseInt(name, value, 1, 10_000);
                    break;
                case "--data-receivers":
                    options.DataReceivers = ParseInt(name, value, 0, 100_000);
                    dataDetailGiven = true;
                    break;
                case "--data-rate":
                    options.DataRate = ParseDouble(name, value, 0.1, 1_000_000, "messages per second per sender");
                    dataDetailGiven = true;
                    break;
                case "--data-size":
                    options.DataSize = ParseInt(name, value, MinDataSize, MaxDataSize);
                    dataDetailGiven = true;
                    break;
                case "--media-address":
                    options.MediaAddress = IPAddress.TryParse(value, out var address) ? address : throw new UsageException($"--media-address must be an IP address, not '{value}'.");
                    break;
            }
        }

        if (apiKeyGiven != apiSecretGiven)
        {
            throw new UsageException("--api-key and --api-secret go together.");
        }

        if (options.Token is not null && apiKeyGiven)
        {
            throw new UsageException("Give either --token or --api-key/--api-secret, not both.");
        }

        if (options.RoomSize is not null && fanOutGiven)
        {
            throw new UsageException("Use either --publishers/--subscribers (fan-out) or --room-size (meeting), not both.");
        }

        if (options.DataSenders is not null && (fanOutGiven || options.RoomSize is not null))
        {
            throw new UsageException("--data-senders is a scenario of its own (room data, no media): not with --publishers/--subscribers or --room-size.");
        }

        if (options.DataSenders is null && dataDetailGiven)
        {
            throw new UsageException("--data-receivers, --data-rate, --data-size, --data-reliable and --data-lossy need --data-senders.");
        }

        if (options.VideoPublishers is int video)
        {
            if (options.RoomSize is not int size)
            {
                throw new UsageException("--video-publishers needs --room-size (the meeting shape); for fan-out use --publishers.");
            }

            if (video > size)
            {
                throw new UsageException($"--video-publishers ({video}) cannot exceed --room-size ({size}).");
            }
        }

        return options;
    }

    /// <summary>Parses "30", "30s", "2m", "1h" or "500ms".</summary>
    public static TimeSpan ParseDuration(string name, string value)
    {
        string number = value;
        double unit = 1;
        if (value.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            number = value[..^2];
            unit = 0.001;
        }
        else if (value.Length > 0 && char.IsLetter(value[^1]))
        {
            unit = char.ToLowerInvariant(value[^1]) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                _ => throw new UsageException($"{name} must be a duration like 30s, 2m or 1h, not '{value}'."),
            };
            number = value[..^1];
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) || amount <= 0 || amount * unit > 86_400)
        {
            throw new UsageException($"{name} must be a duration like 30s, 2m or 1h (more than 0, at most a day), not '{value}'.");
        }

        return TimeSpan.FromSeconds(amount * unit);
    }

    private static Uri ParseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be the server's http:// or https:// address (e.g. http://localhost:8080), not '{value}'.");
        }

        return uri;
    }

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
        {
            throw new UsageException($"{name} must be a whole number, not '{value}'.");
        }

        if (n < min || n > max)
        {
            throw new UsageException($"{name} must be {min}-{max}, not {n}.");
        }

        return n;
    }

    private static double ParseDouble(string name, string value, double min, double max, string unit)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || double.IsNaN(n))
        {
            throw new UsageException($"{name} must be a number ({unit}), not '{value}'.");
        }

        if (n < min || n > max)
        {
            throw new UsageException($"{name} must be {min.ToString(CultureInfo.InvariantCulture)}-{max.ToString(CultureInfo.InvariantCulture)} {unit}, not {n.ToString(CultureInfo.InvariantCulture)}.");
        }

        return n;
    }
}
