namespace Sfu.Signaling.Outgoing;

/// <summary>
/// How much may wait for one client: <see cref="Messages"/> messages or <see cref="Bytes"/> bytes (estimated JSON),
/// whichever is reached first. One message larger than <see cref="Bytes"/> is still sent when nothing else waits.
/// </summary>
public sealed record OutgoingQueueLimits(int Messages, long Bytes)
{
    /// <summary>
    /// 1,024 messages or 4 MiB. A client that reads keeps its queue near empty; the bound is what a healthy client
    /// on a slow link can fall behind by in a burst (everyone in a room of 100 joining at once with 4 kB of metadata
    /// is about 300 messages and 0.5 MiB, plus one subscriber offer of up to ~1 MiB for 200 tracks).
    /// </summary>
    public static OutgoingQueueLimits Default { get; } = new(1024, 4 * 1024 * 1024);
}
