using System.Text;
using Sfu.Core.Sdp;
using Sfu.Signaling.Data;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Room data (docs/signaling-protocol.md, "Room data"): a participant's data channels ride its publisher connection;
/// the room's <see cref="RoomDataRouter"/> relays them on the room's media worker.
/// </summary>
public sealed partial class Room
{
    private RoomDataRouter? _dataRouter;

    /// <summary>The room's data relay, created with the first data channel; read and used on <see cref="Worker"/> only.</summary>
    public RoomDataRouter? DataRouter => _dataRouter;

    /// <summary>On the loop, after a publish answer: attaches the participant's data channels when it accepted m=application.</summary>
    private async Task AttachDataAsync(Participant participant, SdpAnswerResult result)
    {
        var transport = participant.Publisher;
        if (transport is null || !result.Media.Any(m => m.Accepted && m.Kind == MediaKinds.Application))
        {
            return;
        }

        var router = _dataRouter ??= new RoomDataRouter(_options.Data, _manager.SignalingMetrics.Data, Worker);
        await Worker.InvokeAsync(() => { router.Attach(participant, transport); return true; });
    }

    /// <summary>On the loop, as the participant leaves (before its transports close).</summary>
    private async Task DetachDataAsync(Participant participant)
    {
        if (_dataRouter is { } router)
        {
            await Worker.InvokeAsync(() => { router.Detach(participant); return true; });
        }
    }

    /// <summary>
    /// Sends a data message from the server (the admin API) to everyone in the room or to <paramref name="destinations"/>
    /// (participant ids). Returns how many participants' data channels took it.
    /// </summary>
    public Task<int> SendDataAsync(byte[] payload, bool isText, string? topic, bool reliable, IReadOnlyCollection<string>? destinations)
        => Enqueue("send data", async () =>
        {
            var router = _dataRouter;
            if (router is null)
            {
                return 0;
            }

            var topicBytes = Encoding.UTF8.GetBytes(topic ?? string.Empty);
            return await Worker.InvokeAsync(() => router.Send(payload, isText, topicBytes, reliable, destinations));
        });
}
