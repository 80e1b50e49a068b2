using System.Diagnostics;
using Sfu.Core.Diagnostics;
using Sfu.Core.Transport;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Cluster;

/// <summary>
/// Measures this node's load for its registry entry: rooms, participants and tracks from the rooms' snapshots, CPU and
/// forwarded bitrate as rates since the previous measurement. Called by the heartbeat only (one thread).
/// </summary>
public sealed class NodeLoadMeter
{
    private readonly RoomManager _rooms;
    private readonly MediaEngine _engine;
    private readonly MediaMetrics _metrics;
    private readonly TimeProvider _time;
    private long _lastTimestamp;
    private TimeSpan _lastCpu;
    private long _lastForwardedBytes;

    public NodeLoadMeter(RoomManager rooms, MediaEngine engine, MediaMetrics metrics, TimeProvider time)
    {
        _rooms = rooms;
        _engine = engine;
        _metrics = metrics;
        _time = time;
        _lastTimestamp = time.GetTimestamp();
        _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _lastForwardedBytes = metrics.ForwardedBytes;
    }

    /// <summary>The entry of node <paramref name="id"/> at <paramref name="url"/> as of now, counting <paramref name="pendingRooms"/> rooms won but not yet open.</summary>
    public NodeEntry Measure(string id, string url, int maxParticipants, bool draining, int pendingRooms)
    {
        int rooms = 0, participants = 0, tracks = 0;
        foreach (var room in _rooms.Rooms)
        {
            if (room.Closed)
            {
                continue;
            }

            rooms++;
            foreach (var p in room.Snapshot.Participants)
            {
                participants++;
                tracks += p.Tracks.Count;
            }
        }

        long now = _time.GetTimestamp();
        double seconds = Math.Max(_time.GetElapsedTime(_lastTimestamp, now).TotalSeconds, 0.001);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long forwarded = _metrics.ForwardedBytes;
        double cpuShare = Math.Clamp((cpu - _lastCpu).TotalSeconds / seconds / Environment.ProcessorCount, 0, 1);
        long bitrate = (long)(Math.Max(forwarded - _lastForwardedBytes, 0) * 8 / seconds);
        _lastTimestamp = now;
        _lastCpu = cpu;
        _lastForwardedBytes = forwarded;

        return new NodeEntry(id, url, MediaAddresses(), Math.Round(cpuShare, 3), rooms + pendingRooms, participants, tracks, bitrate,
            maxParticipants, draining, _time.GetUtcNow());
    }

    private List<string> MediaAddresses()
    {
        var list = new List<string>();
        foreach (var worker in _engine.Workers)
        {
            foreach (var address in _engine.AnnouncedAddresses)
            {
                list.Add(new System.Net.IPEndPoint(address, worker.LocalEndPoint.Port).ToString());
            }
        }

        return list;
    }
}
