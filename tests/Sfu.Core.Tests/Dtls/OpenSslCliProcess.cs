using System.Diagnostics;
using System.Text;

namespace Sfu.Core.Tests.Dtls;

/// <summary>
/// An <c>openssl</c> command-line child process with its output captured. Stdin stays open (s_server and
/// s_client quit on end of input). Disposing kills this process only, through its Process object.
/// </summary>
internal sealed class OpenSslCliProcess : IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly StringBuilder _output = new();

    private OpenSslCliProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static OpenSslCliProcess Start(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var cli = new OpenSslCliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("openssl did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>The first output line containing <paramref name="text"/>, waiting up to <paramref name="timeout"/>; null if none.</summary>
    public string? WaitForLine(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (string line in Output.Split('\n'))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line.TrimEnd('\r');
                }
            }

            if (clock.Elapsed > timeout || HasExited())
            {
                return null;
            }

            Thread.Sleep(10);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
