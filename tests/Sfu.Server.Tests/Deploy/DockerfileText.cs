using System.Text.Json;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// The instructions of a Dockerfile (continuation lines joined, comments dropped), and what the tests need
/// from them: RUN commands, ENV values, the HEALTHCHECK and ENTRYPOINT in exec form.
/// </summary>
public sealed class DockerfileText
{
    private DockerfileText(IReadOnlyList<(string Instruction, string Arguments)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; }

    public static DockerfileText Load(string path)
    {
        var instructions = new List<(string, string)>();
        string? pending = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.TrimEnd();
            if (pending is null && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (pending is not null && line.TrimStart().StartsWith('#'))
            {
                continue; // a comment inside a continued instruction
            }

            bool continues = line.EndsWith('\\');
            var part = continues ? line[..^1] : line;
            pending = pending is null ? part.Trim() : pending + " " + part.Trim();
            if (!continues)
            {
                int space = pending.IndexOf(' ', StringComparison.Ordinal);
                instructions.Add((pending[..space].ToUpperInvariant(), pending[(space + 1)..].Trim()));
                pending = null;
            }
        }

        return new DockerfileText(instructions);
    }

    /// <summary>Every shell command of the RUN instructions, split on <c>&amp;&amp;</c>.</summary>
    public IEnumerable<string> RunCommands => Instructions.Where(i => i.Instruction == "RUN")
        .SelectMany(i => i.Arguments.Split("&&", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The ENV values of the last stage (the image that runs).</summary>
    public IReadOnlyDictionary<string, string> RuntimeEnvironment
    {
        get
        {
            int lastFrom = Instructions.Select((i, n) => (i, n)).Last(x => x.i.Instruction == "FROM").n;
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (instruction, arguments) in Instructions.Skip(lastFrom))
            {
                if (instruction != "ENV")
                {
                    continue;
                }

                foreach (var pair in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    Assert.True(eq > 0, $"ENV entries are KEY=value pairs, not '{pair}'");
                    env[pair[..eq]] = pair[(eq + 1)..];
                }
            }

            return env;
        }
    }

    /// <summary>The exec-form (JSON array) arguments of an instruction, e.g. ENTRYPOINT or HEALTHCHECK's CMD.</summary>
    public IReadOnlyList<string> ExecForm(string instruction)
    {
        var arguments = Instructions.Single(i => i.Instruction == instruction).Arguments;
        int bracket = arguments.IndexOf('[', StringComparison.Ordinal);
        Assert.True(bracket >= 0, $"{instruction} is not in exec form: {arguments}");
        return JsonSerializer.Deserialize<string[]>(arguments[bracket..])!;
    }

    /// <summary>Splits a shell command line into words (no quoting is used in the commands read here).</summary>
    public static IReadOnlyList<string> Words(string command)
    {
        Assert.DoesNotContain('"', command);
        Assert.DoesNotContain('\'', command);
        Assert.DoesNotContain('$', command);
        return command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
