using System.Text.RegularExpressions;

namespace Sfu.Server.Tests.Deploy;

/// <summary>docker-compose.yml mounts files that exist and maps media ports 1:1; coturn's config is locked down.</summary>
public sealed partial class ComposeAndTurnTests
{
    [GeneratedRegex(@"^\s*-\s*(\./[^:]+):(/[^:\s]+)(?::ro)?\s*$", RegexOptions.Multiline)]
    private static partial Regex BindMount();

    private static string Compose => File.ReadAllText(RepositoryRoot.File("docker-compose.yml"));

    [Fact]
    public void EveryBindMountOfComposeExists()
    {
        var mounts = BindMount().Matches(Compose).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, mounts.Count);
        foreach (var mount in mounts)
        {
            var path = RepositoryRoot.File(mount[2..].Split('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{mount} does not exist");
        }
    }

    [Fact]
    public void ComposeMapsTheMediaPortsOneToOneAndAnnouncesAnAddress()
    {
        var compose = Compose;
        Assert.Contains("\"40000-40001:40000-40001/udp\"", compose, StringComparison.Ordinal);
        Assert.Contains("Sfu__Media__Workers: \"2\"", compose, StringComparison.Ordinal);
        Assert.Contains("Sfu__Media__AnnouncedAddresses__0: ${SFU_ANNOUNCED_ADDRESS:?", compose, StringComparison.Ordinal);
        Assert.Contains("./deploy/prometheus:/etc/prometheus:ro", compose, StringComparison.Ordinal);
        Assert.Contains("--config.file=/etc/prometheus/${SFU_PROMETHEUS_CONFIG:-prometheus.yml}", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposePassesTheTurnSecretToBothTheServerAndCoturn()
    {
        var compose = Compose;
        Assert.Contains("Sfu__Turn__Secret: ${TURN_SECRET:?", compose, StringComparison.Ordinal);
        Assert.Contains("Sfu__Turn__Urls__0: turn:${SFU_ANNOUNCED_ADDRESS}:3478?transport=udp", compose, StringComparison.Ordinal);
        Assert.Contains("\"--static-auth-secret=${TURN_SECRET}\"", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClusterProfileRunsRedisAndASecondNodeScrapedByPrometheus()
    {
        var compose = Compose;
        Assert.Contains("Sfu__Cluster__Redis: ${SFU_CLUSTER_REDIS:-}", compose, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  sfu-2:\n    profiles: \[cluster\]", compose.ReplaceLineEndings("\n"));
        Assert.Matches(@"(?m)^  redis:\n    profiles: \[cluster\]", compose.ReplaceLineEndings("\n"));
        Assert.Contains("\"40010-40011:40010-40011/udp\"", compose, StringComparison.Ordinal);
        var env = File.ReadAllLines(RepositoryRoot.File("deploy", "cluster.env"));
        Assert.Contains("COMPOSE_PROFILES=cluster", env);
        Assert.Contains("SFU_CLUSTER_REDIS=redis:6379", env);
        var config = env.Single(l => l.StartsWith("SFU_PROMETHEUS_CONFIG=", StringComparison.Ordinal))["SFU_PROMETHEUS_CONFIG=".Length..];
        var scrape = File.ReadAllText(RepositoryRoot.File("deploy", "prometheus", config));
        Assert.Contains("\"sfu:8080\", \"sfu-2:8080\"", scrape, StringComparison.Ordinal);
    }

    /// <summary>
    /// docker stop sends SIGTERM and kills the container when its grace period ends: the period must cover the drain
    /// (calls going on for the drain timeout, then the moved clients hanging up) and the stop after it.
    /// </summary>
    [Fact]
    public void ComposeGivesTheServerLongerToStopThanItsDrainTakes()
    {
        var compose = Compose;
        var grace = Regex.Match(compose, @"^\s*stop_grace_period:\s*(\d+)s\s*$", RegexOptions.Multiline);
        var drain = Regex.Match(compose, @"^\s*Sfu__Cluster__DrainTimeoutSeconds:\s*""(\d+)""\s*$", RegexOptions.Multiline);
        Assert.True(grace.Success, "docker-compose.yml sets no stop_grace_period (in seconds) for sfu");
        Assert.True(drain.Success, "docker-compose.yml sets no Sfu__Cluster__DrainTimeoutSeconds for sfu");
        int needed = int.Parse(drain.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            + (int)Math.Ceiling(new Sfu.Signaling.Lifecycle.DrainOptions().MoveFlushSeconds) + 5;
        Assert.True(int.Parse(grace.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= needed,
            $"stop_grace_period {grace.Groups[1].Value}s is shorter than the drain ({needed} s)");
    }

    [Fact]
    public void TurnServerUsesASharedSecretAndRefusesPrivatePeers()
    {
        var lines = File.ReadAllLines(RepositoryRoot.File("deploy", "coturn", "turnserver.conf"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("listening-port=3478", lines);
        Assert.Contains("use-auth-secret", lines);
        Assert.Contains(lines, l => l.StartsWith("static-auth-secret=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("realm=", StringComparison.Ordinal));
        Assert.Contains("no-cli", lines);
        Assert.Contains(lines, l => l.StartsWith("min-port=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("max-port=", StringComparison.Ordinal));
        foreach (var range in new[] { "10.0.0.0-10.255.255.255", "172.16.0.0-172.31.255.255", "192.168.0.0-192.168.255.255", "127.0.0.0-127.255.255.255", "169.254.0.0-169.254.255.255" })
        {
            Assert.Contains("denied-peer-ip=" + range, lines);
        }

        Assert.DoesNotContain(lines, l => l.StartsWith("allowed-peer-ip", StringComparison.Ordinal));
        Assert.DoesNotContain("no-auth", lines);
    }
}
