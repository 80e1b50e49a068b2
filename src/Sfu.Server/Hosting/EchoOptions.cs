namespace Sfu.Server.Hosting;

/// <summary>Options of the echo-test diagnostic (section <c>Sfu:Echo</c>).</summary>
public sealed class EchoOptions
{
    /// <summary>Echo sessions allowed at once.</summary>
    public int MaxSessions { get; set; } = 100;
}
