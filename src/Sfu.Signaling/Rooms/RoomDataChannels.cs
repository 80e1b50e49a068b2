using System.Text;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Data;
using Sfu.Signaling.Diagnostics;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Room data (docs/signaling-protocol.md, "Room data"): a participant's data channels ride its publisher connection;
/// the room's <see cref="RoomDataRouter"/>, created with the first data channel, relays them on the room's media
/// worker. Owned by one <see cref="Room"/> and used only on its loop; the router is touched through the worker.
/// </summary>
internal sealed class RoomDataChannels
{
    private readonly RoomOptions _options;
    private readonly SignalingMetrics _metrics;
    private readonly MediaWorker _worker;
    private RoomDataRouter? _router;

    /// <summary>The data channels of a room whose media runs on <paramref name="worker"/>.</summary>
    public RoomDataChannels(RoomOptions options, SignalingMetrics metrics, MediaWorker worker)
    {
        _options = options;
        _metrics = metrics;
        _worker = worker;
    }

    /// <summary>The room's data relay, created with the first data channel; read and used on the worker only.</summary>
    public RoomDataRouter? Router => _router;

    /// <summary>On the loop, after a publish answer: attaches the participant's data channels when it accepted m=application.</summary>
    public async Task AttachAsync(Participant participant, SdpAnswerResult result)
    {
        var transport = participant.Publisher;
        if (transport is null || !result.Media.Any(m => m.Accepted && m.Kind == MediaKinds.Application))
        {
            return;
        }

        var router = _router ??= new RoomDataRouter(_options.Data, _metrics.Data, _worker);
        await _worker.InvokeAsync(() => { router.Attach(participant, transport); return true; });
    }

    /// <summary>On the loop, as the participant leaves (before its transports close).</summary>
    public async Task DetachAsync(Participant participant)
    {
        if (_router is { } router)
        {
            await _worker.InvokeAsync(() => { router.Detach(participant); return true; });
        }
    }

    /// <summary>On the loop: sends a data message from the server; returns how many participants' data channels took it.</summary>
    public async Task<int> SendAsync(byte[] payload, bool isText, string? topic, bool reliable, IReadOnlyCollection<string>? destinations)
    {
        var router = _router;
        if (router is null)
        {
            return 0;
        }

        var topicBytes = Encoding.UTF8.GetBytes(topic ?? string.Empty);
        return await _worker.InvokeAsync(() => router.Send(payload, isText, topicBytes, reliable, destinations));
    }
}
