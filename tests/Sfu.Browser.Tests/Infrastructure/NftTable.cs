using System.Diagnostics;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>An nftables table of the test's own with an output chain; deleted on dispose. Needs root and nftables.</summary>
public sealed class NftTable : IDisposable
{
    private readonly string _name = "sfu_test_" + Guid.NewGuid().ToString("N")[..8];
    private bool _created;

    /// <summary>Adds a rule to the output chain (created with the first rule), e.g. <c>udp dport 5000 drop</c>.</summary>
    public void AddOutputRule(string rule)
    {
        if (!_created)
        {
            Nft($"add table inet {_name}");
            Nft($"add chain inet {_name} out {{ type filter hook output priority 0 ; }}");
            _created = true;
        }

        Nft($"add rule inet {_name} out {rule}");
    }

    /// <summary>The table as nftables lists it (rules with their counters), for a failing test's message.</summary>
    public string Describe()
    {
        if (!_created)
        {
            return "(no rules)";
        }

        try
        {
            return Nft($"list table inet {_name}").ReplaceLineEndings(" ");
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    public void Dispose()
    {
        if (!_created)
        {
            return;
        }

        try
        {
            Nft($"delete table inet {_name}");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Nft(string arguments)
    {
        var nft = File.Exists("/usr/sbin/nft") ? "/usr/sbin/nft" : "nft";
        var start = new ProcessStartInfo(nft) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var part in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(part);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("nft did not start: install Debian's nftables (scripts/ensure-deps.sh does).");
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nft {arguments} failed ({process.ExitCode}): {error}. Network-condition tests need root and nftables.");
        }

        return output.Result;
    }
}
