using Sfu.Load.Cli;
using Sfu.Load.Reporting;
using Sfu.Load.Run;

namespace Sfu.Load;

/// <summary>The load tool's entry point: parse, run, print the summary and the JSON line, exit 0/1/2.</summary>
public static class Program
{
    public const int ExitPassed = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> Main(string[] args)
    {
        if (LoadOptionsParser.WantsHelp(args))
        {
            Console.WriteLine(HelpText.Usage);
            return ExitPassed;
        }

        LoadOptions options;
        try
        {
            options = LoadOptionsParser.Parse(args);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync("Run with --help for the options.");
            return ExitUsage;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await RunAsync(options, Console.Out, cancel.Token);
    }

    /// <summary>Runs with parsed options, writing progress, the summary and the JSON line to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(LoadOptions options, TextWriter output, CancellationToken cancellation)
    {
        await output.WriteLineAsync(
            $"Sfu.Load: {options.TotalParticipants} participants in {options.Rooms} room(s) at {options.Ramp} joins/s against {options.Url}, measuring {options.Duration.TotalSeconds} s");
        LoadResult result;
        try
        {
            result = await new LoadRunner(options, output).RunAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync("Cancelled.");
            return ExitFailed;
        }
        catch (InvalidOperationException e)
        {
            await output.WriteLineAsync("The run could not start: " + e.Message);
            return ExitFailed;
        }

        SummaryWriter.Write(output, result);
        await output.WriteLineAsync(result.ToJson());
        return result.Passed ? ExitPassed : ExitFailed;
    }
}
