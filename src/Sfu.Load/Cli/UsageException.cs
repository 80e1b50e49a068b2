namespace Sfu.Load.Cli;

/// <summary>The command line is wrong; the message says how (the tool prints it with the usage and exits with 2).</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
