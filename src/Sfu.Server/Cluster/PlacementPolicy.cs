namespace Sfu.Server.Cluster;

/// <summary>
/// Which node gets a new room: of the nodes that take new rooms (not draining, under their participant limit), the
/// one with the lowest participant load relative to its capacity, then the fewest rooms (rooms just placed count at
/// once, before their participants arrive), then the least CPU, then the lowest id (so every node picks alike).
/// </summary>
public static class PlacementPolicy
{
    /// <summary>The node for a new room, or null when none takes one.</summary>
    public static NodeEntry? Choose(IEnumerable<NodeEntry> nodes)
    {
        NodeEntry? best = null;
        foreach (var node in nodes)
        {
            if (!node.TakesNewRooms)
            {
                continue;
            }

            if (best is null || Compare(node, best) < 0)
            {
                best = node;
            }
        }

        return best;
    }

    private static int Compare(NodeEntry a, NodeEntry b)
    {
        int c = ((double)a.Participants / a.MaxParticipants).CompareTo((double)b.Participants / b.MaxParticipants);
        if (c != 0)
        {
            return c;
        }

        c = a.Rooms.CompareTo(b.Rooms);
        if (c != 0)
        {
            return c;
        }

        c = Math.Round(a.Cpu, 2).CompareTo(Math.Round(b.Cpu, 2));
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    }
}
