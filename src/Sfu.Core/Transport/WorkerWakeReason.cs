namespace Sfu.Core.Transport;

/// <summary>Why a media worker's wait returned.</summary>
[Flags]
internal enum WorkerWakeReason
{
    /// <summary>The wait timed out (a timer tick is due) or was interrupted.</summary>
    Timeout = 0,

    /// <summary>Datagrams are waiting on the socket.</summary>
    Datagrams = 1,

    /// <summary>Control work was posted (<see cref="MediaWorker.Post"/>, <see cref="MediaWorker.InvokeAsync{T}"/>).</summary>
    Control = 2,
}
