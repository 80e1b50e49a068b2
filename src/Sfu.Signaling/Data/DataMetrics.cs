using System.Diagnostics.Metrics;

namespace Sfu.Signaling.Data;

/// <summary>
/// Room data instruments (meter <c>Sfu.Signaling</c>): messages and payload bytes accepted from senders (label
/// <c>reliability</c>: reliable or lossy), deliveries to receivers, and messages dropped (label <c>reason</c>).
/// Counted on the media workers; the tag pairs are preallocated, so counting allocates nothing.
/// </summary>
public sealed class DataMetrics
{
    private static readonly KeyValuePair<string, object?> Reliable = new("reliability", "reliable");
    private static readonly KeyValuePair<string, object?> Lossy = new("reliability", "lossy");
    private static readonly KeyValuePair<string, object?>[] Reasons = CreateReasons();

    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _dropped;

    public DataMetrics(Meter meter)
    {
        _messages = meter.CreateCounter<long>("sfu.data.messages", "{message}", "Room data messages accepted from participants (and the admin API) for forwarding.");
        _bytes = meter.CreateCounter<long>("sfu.data.bytes", "By", "Payload bytes of the room data messages accepted.");
        _deliveries = meter.CreateCounter<long>("sfu.data.deliveries", "{message}", "Room data messages handed to a receiver's data channel.");
        _dropped = meter.CreateCounter<long>("sfu.data.dropped", "{message}", "Room data messages dropped: malformed, not_allowed (no canPublishData), too_large, rate_limited, receiver_buffer_full.");
    }

    public void Accepted(bool reliable, int bytes)
    {
        var tag = reliable ? Reliable : Lossy;
        _messages.Add(1, tag);
        _bytes.Add(bytes, tag);
    }

    public void Delivered(int receivers) => _deliveries.Add(receivers);

    public void Dropped(DataDropReason reason) => _dropped.Add(1, Reasons[(int)reason]);

    private static KeyValuePair<string, object?>[] CreateReasons()
    {
        var reasons = new KeyValuePair<string, object?>[6];
        reasons[0] = new("reason", "unknown");
        reasons[(int)DataDropReason.Malformed] = new("reason", "malformed");
        reasons[(int)DataDropReason.NotAllowed] = new("reason", "not_allowed");
        reasons[(int)DataDropReason.TooLarge] = new("reason", "too_large");
        reasons[(int)DataDropReason.RateLimited] = new("reason", "rate_limited");
        reasons[(int)DataDropReason.ReceiverBufferFull] = new("reason", "receiver_buffer_full");
        return reasons;
    }
}
