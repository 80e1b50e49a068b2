using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>The subscriber connection: the client's answers to the server's offers, and its preferences per track (negotiated by <see cref="SubscriberNegotiator"/>).</summary>
public sealed partial class Room
{
    /// <summary>
    /// Applies the client's answer to the pending subscriber offer: each section that still carries the track the offer
    /// showed gets a down-track (or <c>TrackUnavailable</c> when no codec fits); a change made meanwhile is offered next.
    /// </summary>
        public Task SubscriberAnswerAsync(Participant participant, SubscriberAnswerRequest request) => Enqueue("subscriber answer", async () =>
    {
        RequirePresent(participant);
        await _subscribers.ApplyAnswerAsync(participant, request);
    });

    /// <summary>
    /// Applies a subscriber's preference for one track: paused, and the layer limits (maximum spatial layer, width,
    /// height). The three limits are set together: a preference giving any of them replaces all three (one left out
    /// is no limit); one giving none leaves them. They are kept on the section, so a down-track made later (after a
    /// resume or a renegotiation) starts with them.
    /// </summary>
    public Task SetSubscriptionPreferenceAsync(Participant participant, SubscriptionPreference preference) => Enqueue("subscription preference", async () =>
    {
        RequirePresent(participant);
        await _subscribers.ApplyPreferenceAsync(participant, preference);
    });
}
