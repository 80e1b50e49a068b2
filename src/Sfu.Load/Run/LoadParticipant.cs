using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sfu.Core.Dtls;
using Sfu.Load.Auth;
using Sfu.Load.Cli;
using Sfu.Load.Data;
using Sfu.Load.Media;
using Sfu.Load.Publishing;
using Sfu.Load.Sdp;
using Sfu.Load.Subscribing;
using Sfu.Signaling.Contracts;

namespace Sfu.Load.Run;

/// <summary>
/// One synthetic participant, doing what the browser client does: a SignalR connection to the room hub, <c>Join</c>,
/// a publisher peer connection (its offer, <c>Publish</c>, the answer) when it publishes, and a subscriber peer
/// connection that answers every <c>SubscriberOffer</c> in order (<c>SubscriberAnswer</c>), then asks for the
/// configured layer of each new video track (<c>SetSubscriptionPreference</c>). In the data scenario its publisher
/// connection carries only room data (<see cref="DataMedia"/>).
/// </summary>
public sealed class LoadParticipant : IAsyncDisposable
{
    private readonly LoadOptions _options;
    private readonly MediaLoop _loop;
    private readonly DtlsCertificate _certificate;
    private readonly CandidatePicker _candidates;
    private readonly JoinTokenSource _tokens;
    private readonly Channel<SubscriberOffer> _offers = Channel.CreateUnbounded<SubscriberOffer>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _preferenceSent = new(StringComparer.Ordinal);
    private HubConnection? _hub;
    private Task? _offerTask;
    private volatile ParticipantPhase _phase;
    private long _trackUnavailable;

    public LoadParticipant(ParticipantPlan plan, LoadOptions options, MediaLoop loop, DtlsCertificate certificate, CandidatePicker candidates, JoinTokenSource tokens)
    {
        Plan = plan;
        _options = options;
        _loop = loop;
        _certificate = certificate;
        _candidates = candidates;
        _tokens = tokens;
    }

    public ParticipantPlan Plan { get; }

    public ParticipantPhase Phase => _phase;

    /// <summary>Why the participant failed (the first failure), or null.</summary>
    public string? Failure { get; private set; }

    public string? ParticipantId { get; private set; }

    public PeerConnection? Publisher { get; private set; }

    public PublisherMedia? PublisherMedia { get; private set; }

    public PeerConnection? Subscriber { get; private set; }

    public SubscriberMedia? SubscriberMedia { get; private set; }

    /// <summary>Room data on the publisher connection (the data scenario), or null.</summary>
    public DataPeerMedia? DataMedia { get; private set; }

    /// <summary>Milliseconds from the start of joining to the end of <c>Join</c> (and <c>Publish</c>), -1 before.</summary>
    public long JoinMs { get; private set; } = -1;

    /// <summary>When it started joining (media clock, µs), -1 before.</summary>
    public long JoinStartUs { get; private set; } = -1;

    /// <summary>When its <c>Publish</c> was answered (media clock, µs): its tracks exist from then on; -1 before (or never).</summary>
    public long PublishedUs { get; private set; } = -1;

    /// <summary>Subscriber offers answered.</summary>
    public int OffersAnswered { get; private set; }

    /// <summary>Layer preferences the server refused, because the track had gone since the offer that brought it.</summary>
    public int PreferencesRefused { get; private set; }

    /// <summary>Characters of the longest subscriber offer received (0 before any).</summary>
    public int LongestOffer { get; private set; }

    /// <summary>Most m-sections a subscriber offer received had (0 before any).</summary>
    public int MostOfferSections { get; private set; }

    /// <summary><c>TrackUnavailable</c> notifications received.</summary>
    public long TrackUnavailable => Interlocked.Read(ref _trackUnavailable);

    /// <summary>True when every peer connection it needs has its SRTP keys.</summary>
    public bool MediaConnected =>
        _phase == ParticipantPhase.Joined
        && (!Plan.Publishes || Publisher?.State == PeerState.Connected)
        && (!Plan.Data || (Publisher?.State == PeerState.Connected && DataMedia?.Ready == true))
        && (!Plan.ExpectsTracks || Subscriber?.State == PeerState.Connected);

    /// <summary>The failure of a peer connection, if one failed.</summary>
    public string? PeerFailure =>
        Publisher?.State == PeerState.Failed ? "publisher: " + Publisher.Failure
        : Subscriber?.State == PeerState.Failed ? "subscriber: " + Subscriber.Failure
        : null;

    /// <summary>Connects, joins and publishes; never throws (a failure is recorded in <see cref="Failure"/>).</summary>
    public async Task JoinAsync(CancellationToken cancellation)
    {
        _phase = ParticipantPhase.Joining;
        long start = Environment.TickCount64;
        JoinStartUs = MediaClock.NowMicroseconds();
        try
        {
            string identity = $"{Plan.Room}-{Plan.Name}";
            string token = _tokens.For(Plan.Room, identity, Plan.Name, publishData: Plan.Data);
            _hub = new HubConnectionBuilder()
                .WithUrl(new Uri(_options.Url, "hubs/room"), HttpTransportType.WebSockets, o =>
                {
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            _hub.ServerTimeout = TimeSpan.FromSeconds(60);
            _hub.On<SubscriberOffer>("SubscriberOffer", offer => _offers.Writer.TryWrite(offer));
            _hub.On<string, string>("TrackUnavailable", (_, _) => Interlocked.Increment(ref _trackUnavailable));
            _hub.On<string>("Disconnected", reason => Fail("the server disconnected it: " + reason));
            _hub.Closed += e =>
            {
                if (_phase is ParticipantPhase.Joining or ParticipantPhase.Joined)
                {
                    Fail("the hub connection closed" + (e is null ? "" : ": " + e.Message));
                }

                return Task.CompletedTask;
            };
            await _hub.StartAsync(cancellation);
            var joined = await _hub.InvokeAsync<JoinResponse>("Join", new JoinRequest(Plan.Room, Plan.Name), cancellation);
            ParticipantId = joined.ParticipantId;
            if (Plan.Subscribe)
            {
                SubscriberMedia = new SubscriberMedia(_options.TransportCc);
                Subscriber = new PeerConnection(_loop, $"{Plan.Room}/{Plan.Name}/sub", _certificate, SubscriberMedia);
                _offerTask = Task.Run(() => AnswerOffersAsync(cancellation), CancellationToken.None);
            }

            if (Plan.Data)
            {
                await OpenDataAsync(cancellation);
            }

            if (Plan.Publishes)
            {
                await PublishAsync(cancellation);
                PublishedUs = MediaClock.NowMicroseconds();
            }

            JoinMs = Environment.TickCount64 - start;
            if (_phase == ParticipantPhase.Joining)
            {
                _phase = ParticipantPhase.Joined;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            Fail(Describe(e));
        }
        catch (OperationCanceledException)
        {
            Fail("the run ended before it joined");
        }
    }

    /// <summary>Leaves the room and closes everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_phase is ParticipantPhase.Joined or ParticipantPhase.Joining)
        {
            _phase = ParticipantPhase.Left;
        }

        _offers.Writer.TryComplete();
        if (_hub is not null)
        {
            try
            {
                if (_hub.State == HubConnectionState.Connected)
                {
                    await _hub.InvokeAsync("Leave").WaitAsync(TimeSpan.FromSeconds(5));
                }
            }
            catch (Exception)
            {
                // Leaving is best effort: the server frees the participant when the connection goes.
            }

            await _hub.DisposeAsync();
        }

        if (_offerTask is not null)
        {
            await _offerTask.ConfigureAwait(false);
        }

        if (Publisher is not null)
        {
            await _loop.CloseAsync(Publisher);
        }

        if (Subscriber is not null)
        {
            await _loop.CloseAsync(Subscriber);
        }
    }

    private async Task PublishAsync(CancellationToken cancellation)
    {
        var media = new PublisherMedia(Plan.PublishAudio, Plan.PublishVideo, $"{Plan.Room}-{Plan.Name}");
        var peer = new PeerConnection(_loop, $"{Plan.Room}/{Plan.Name}/pub", _certificate, media);
        string sdp = PublishOffer.Create(peer.LocalIce, peer.LocalFingerprint, media.Audio?.Ssrc, Plan.PublishVideo, media.Cname, _options.TransportCc);
        string? audioMid = Plan.PublishAudio ? "0" : null;
        string? videoMid = Plan.PublishVideo ? (Plan.PublishAudio ? "1" : "0") : null;
        var tracks = new List<PublishTrack>();
        if (audioMid is not null)
        {
            tracks.Add(new PublishTrack(audioMid, "audio", TrackSources.Microphone));
        }

        if (videoMid is not null)
        {
            tracks.Add(new PublishTrack(videoMid, "video", TrackSources.Camera, Width: 1280, Height: 720));
        }

        var response = await _hub!.InvokeAsync<PublishResponse>("Publish", new PublishRequest(sdp, tracks), cancellation);
        var answer = PublishAnswer.Read(response.Sdp, _candidates, audioMid, videoMid);
        media.Configure(answer.Audio, answer.Video);
        PublisherMedia = media;
        Publisher = peer;
        _loop.Start(peer, answer.Transport);
    }

    private async Task OpenDataAsync(CancellationToken cancellation)
    {
        var media = Plan.SendsData
            ? new DataPeerMedia((uint)Plan.Index, _options.DataReliable, _options.DataSize, _options.DataRate)
            : new DataPeerMedia();
        var peer = new PeerConnection(_loop, $"{Plan.Room}/{Plan.Name}/pub", _certificate, media);
        string sdp = DataOffer.Create(peer.LocalIce, peer.LocalFingerprint);
        var response = await _hub!.InvokeAsync<PublishResponse>("Publish", new PublishRequest(sdp, []), cancellation);
        var answer = PublishAnswer.Read(response.Sdp, _candidates, null, null);
        DataMedia = media;
        Publisher = peer;
        _loop.Start(peer, answer.Transport);
    }

    private async Task AnswerOffersAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var offer in _offers.Reader.ReadAllAsync(cancellation))
            {
                LongestOffer = Math.Max(LongestOffer, offer.Sdp.Length);
                MostOfferSections = Math.Max(MostOfferSections, CountSections(offer.Sdp));
                var answer = SubscriberAnswer.Create(offer, Subscriber!.LocalIce, Subscriber.LocalFingerprint, _candidates, _options.TransportCc);
                var media = SubscriberMedia!;
                var sections = answer.Sections;
                _loop.Post(() => media.Apply(sections, MediaClock.NowMicroseconds()));
                await _hub!.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(offer.Version, answer.Sdp), cancellation);
                OffersAnswered++;
                _loop.Start(Subscriber, answer.Transport);
                foreach (var section in sections)
                {
                    if (section.IsVideo && _preferenceSent.Add(section.TrackId))
                    {
                        try
                        {
                            await _hub!.InvokeAsync(
                                "SetSubscriptionPreference",
                                new SubscriptionPreference(section.TrackId, MaxSpatialLayer: (int)_options.Layer),
                                cancellation);
                        }
                        catch (HubException)
                        {
                            // The track went away since the offer (its publisher left): the next offer ends it.
                            PreferencesRefused++;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Exception e) when (_phase is ParticipantPhase.Joining or ParticipantPhase.Joined)
        {
            Fail("answering a subscriber offer failed: " + Describe(e));
        }
        catch (Exception)
        {
            // The participant is leaving: a call cut short is expected.
        }
    }

    private void Fail(string reason)
    {
        if (_phase is ParticipantPhase.Left or ParticipantPhase.Failed)
        {
            return;
        }

        Failure = reason;
        _phase = ParticipantPhase.Failed;
    }

    /// <summary>The m-sections of an SDP: its lines that start with <c>m=</c>.</summary>
    private static int CountSections(string sdp)
    {
        int count = sdp.StartsWith("m=", StringComparison.Ordinal) ? 1 : 0;
        for (int i = sdp.IndexOf("\nm=", StringComparison.Ordinal); i >= 0; i = sdp.IndexOf("\nm=", i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Describe(Exception e)
    {
        string message = e.Message;
        int hub = message.IndexOf("HubException: ", StringComparison.Ordinal);
        return hub >= 0 ? message[(hub + "HubException: ".Length)..] : $"{e.GetType().Name}: {message}";
    }
}
