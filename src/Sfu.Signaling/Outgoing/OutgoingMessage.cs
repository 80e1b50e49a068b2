using Sfu.Signaling.Contracts;
using Sfu.Signaling.Hubs;

namespace Sfu.Signaling.Outgoing;

/// <summary>
/// One server → client message waiting in an <see cref="OutgoingQueue"/>: the client method it calls, about how many
/// bytes it takes on the wire (what the queue's byte bound counts), and the call itself.
/// </summary>
public sealed class OutgoingMessage
{
    /// <summary>Bytes of a JSON invocation around its arguments (type, target, brackets, separator).</summary>
    private const int Envelope = 64;

    /// <summary>Bytes of a track as JSON, without its name.</summary>
    private const int TrackBytes = 160;

    private readonly Func<IRoomClient, Task> _deliver;

    private OutgoingMessage(string method, int size, Func<IRoomClient, Task> deliver)
    {
        Method = method;
        Size = size;
        _deliver = deliver;
    }

    /// <summary>The client method (<c>SubscriberOffer</c>, <c>ParticipantJoined</c>, ...).</summary>
    public string Method { get; }

    /// <summary>An estimate of the message's size on the wire, in bytes (JSON).</summary>
    public int Size { get; }

    /// <summary>Sends the message; completes when the connection took it.</summary>
    public Task DeliverAsync(IRoomClient client) => _deliver(client);

    public static OutgoingMessage ParticipantJoined(ParticipantInfo participant)
        => new(nameof(IRoomClient.ParticipantJoined), Envelope + SizeOf(participant), c => c.ParticipantJoined(participant));

    public static OutgoingMessage ParticipantLeft(string participantId)
        => new(nameof(IRoomClient.ParticipantLeft), Envelope + participantId.Length, c => c.ParticipantLeft(participantId));

    public static OutgoingMessage ParticipantReconnecting(string participantId)
        => new(nameof(IRoomClient.ParticipantReconnecting), Envelope + participantId.Length, c => c.ParticipantReconnecting(participantId));

    public static OutgoingMessage ParticipantResumed(string participantId)
        => new(nameof(IRoomClient.ParticipantResumed), Envelope + participantId.Length, c => c.ParticipantResumed(participantId));

    public static OutgoingMessage TrackPublished(string participantId, TrackInfo track)
        => new(nameof(IRoomClient.TrackPublished), Envelope + participantId.Length + SizeOf(track), c => c.TrackPublished(participantId, track));

    public static OutgoingMessage TrackUnpublished(string participantId, string trackId)
        => new(nameof(IRoomClient.TrackUnpublished), Envelope + participantId.Length + trackId.Length, c => c.TrackUnpublished(participantId, trackId));

    public static OutgoingMessage TrackMuted(string participantId, string trackId, bool muted)
        => new(nameof(IRoomClient.TrackMuted), Envelope + participantId.Length + trackId.Length + 5, c => c.TrackMuted(participantId, trackId, muted));

    /// <summary>The SDP counts with its line ends escaped (CRLF is four characters in JSON).</summary>
    public static OutgoingMessage SubscriberOffer(SubscriberOffer offer)
        => new(
            nameof(IRoomClient.SubscriberOffer),
            Envelope + offer.Sdp.Length + (2 * offer.Sdp.AsSpan().Count('\n')) + (offer.Tracks.Count * TrackBytes),
            c => c.SubscriberOffer(offer));

    public static OutgoingMessage ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers)
        => new(nameof(IRoomClient.ActiveSpeakersChanged), Envelope + speakers.Sum(s => s.ParticipantId.Length + 48), c => c.ActiveSpeakersChanged(speakers));

    public static OutgoingMessage TrackUnavailable(string trackId, string reason)
        => new(nameof(IRoomClient.TrackUnavailable), Envelope + trackId.Length + reason.Length, c => c.TrackUnavailable(trackId, reason));

    public static OutgoingMessage Moving(MoveInfo move)
        => new(nameof(IRoomClient.Moving), Envelope + 48 + move.Reason.Length + (move.Url?.Length ?? 0), c => c.Moving(move));

    public static OutgoingMessage Disconnected(string reason)
        => new(nameof(IRoomClient.Disconnected), Envelope + reason.Length, c => c.Disconnected(reason));

    private static int SizeOf(ParticipantInfo p)
    {
        int size = 96 + p.ParticipantId.Length + p.Name.Length + (p.Metadata?.Length ?? 0);
        foreach (var t in p.Tracks)
        {
            size += SizeOf(t);
        }

        return size;
    }

    private static int SizeOf(TrackInfo t) => TrackBytes + t.TrackId.Length + (t.Name?.Length ?? 0);
}
