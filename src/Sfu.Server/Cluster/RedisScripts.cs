namespace Sfu.Server.Cluster;

/// <summary>
/// The Lua scripts that make ownership atomic in Redis (each runs as one command: no other client's command interleaves).
/// Room keys hold the owner's node id; node keys hold registry entries. Scripts build node keys from a prefix, so the
/// cluster needs one Redis (or a primary with replicas), not a Redis Cluster.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS[1] the room, KEYS[2] the placed-rooms hash; ARGV[1] the candidate node, ARGV[2] the room TTL (ms), ARGV[3] the
    /// node key prefix, ARGV[4] the prefix of the nodes' pending sets. The owner stays when its node is alive; otherwise
    /// (no owner, or its node's entry expired) the candidate becomes the owner: its placed-room count goes up at once,
    /// and the room joins its pending set, which its next heartbeat takes (so it keeps the room while it opens). Returns
    /// the owner.
    /// </summary>
    public const string Claim = """
        local owner = redis.call('GET', KEYS[1])
        if owner and redis.call('EXISTS', ARGV[3] .. owner) == 1 then
          return owner
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
        redis.call('SADD', ARGV[4] .. ARGV[1], KEYS[1])
        return ARGV[1]
        """;

    /// <summary>
    /// A node's heartbeat. KEYS[1] its entry, KEYS[2] the set of node ids, KEYS[3] the placed-rooms hash, KEYS[4] its
    /// pending set; ARGV[1] its id, ARGV[2] its entry (JSON), ARGV[3] the entry TTL (ms), ARGV[4] the rooms it knows it
    /// hosts. Writes the entry and the room count (the rooms it knows plus those placed on it since its last beat),
    /// atomically with taking the pending set, so a room placed meanwhile is counted once. Returns the pending room keys.
    /// </summary>
    public const string Beat = """
        local pending = redis.call('SMEMBERS', KEYS[4])
        redis.call('DEL', KEYS[4])
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[1], tonumber(ARGV[4]) + #pending)
        return pending
        """;

    /// <summary>
    /// KEYS the rooms a node hosts; ARGV[1] the node, ARGV[2] the room TTL (ms). Extends the node's ownership of each room,
    /// takes a room nobody owns (after Redis lost its data), and returns the rooms another node owns.
    /// </summary>
    public const string Refresh = """
        local conflicts = {}
        for i, key in ipairs(KEYS) do
          local owner = redis.call('GET', key)
          if owner == ARGV[1] then
            redis.call('PEXPIRE', key, ARGV[2])
          elseif not owner then
            redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
          else
            table.insert(conflicts, key)
          end
        end
        return conflicts
        """;

    /// <summary>KEYS the rooms to release; ARGV[1] the node. Deletes each room the node still owns; returns how many.</summary>
    public const string Release = """
        local released = 0
        for i, key in ipairs(KEYS) do
          if redis.call('GET', key) == ARGV[1] then
            redis.call('DEL', key)
            released = released + 1
          end
        end
        return released
        """;
}
