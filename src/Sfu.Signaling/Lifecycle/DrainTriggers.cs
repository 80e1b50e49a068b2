namespace Sfu.Signaling.Lifecycle;

/// <summary>What began a drain (<see cref="NodeDrainState.Trigger"/>; the <c>trigger</c> in logs and <c>GET /api/node</c>).</summary>
public static class DrainTriggers
{
    /// <summary>SIGTERM (docker stop, systemd, Kubernetes).</summary>
    public const string Sigterm = "sigterm";

    /// <summary>SIGINT or SIGQUIT (Ctrl+C): calls are moved at once, without waiting for them to end.</summary>
    public const string Interrupt = "interrupt";

    /// <summary>The host was stopped in-process (<c>IHost.StopAsync</c>).</summary>
    public const string HostStop = "host-stop";

    /// <summary><c>POST /api/node/drain</c>.</summary>
    public const string Admin = "admin";
}
