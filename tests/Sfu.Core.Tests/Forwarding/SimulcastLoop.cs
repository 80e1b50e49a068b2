using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// A room on a manual clock: a <see cref="SimulcastPublisher"/> (optionally with audio), one subscriber behind a
/// <see cref="BottleneckLink"/>, and the worker loop driven in 1 ms steps — publisher packets as they are due, the
/// link's deliveries and feedback, <see cref="RoomRouter.Tick"/> every 10 ms. <see cref="Run"/> allocates nothing.
/// </summary>
internal sealed class SimulcastLoop
{
    public const uint VideoSsrc = 0xB1;
    public const uint VideoRtxSsrc = 0xB2;
    public const uint AudioSsrc = 0xA1;
    private const long StepTicks = TimeSpan.TicksPerMillisecond;
    private const int TickEverySteps = 10;

    private int _step;

    public SimulcastLoop(
        MediaMetrics metrics,
        IReadOnlyList<SimulcastLayerSpec>? layers = null,
        long linkBps = 2_500_000,
        bool withAudio = false,
        IReadOnlyList<NegotiatedCodec>? subscriberVideoCodecs = null,
        IReadOnlyDictionary<string, int>? subscriberExtensions = null)
    {
        Router = new RoomRouter(Time, metrics);
        layers ??= SimulcastLayerSpec.HighestFirst;
        Publisher = new SimulcastPublisher(Router, Time, layers) { SendsAudio = withAudio };
        Link = new BottleneckLink(Time, linkBps, VideoSsrc, VideoRtxSsrc, withAudio ? AudioSsrc : null) { Router = Router };
        subscriberExtensions ??= TestCodecs.SubscriberExtensions;
        if (withAudio)
        {
            var audioTrack = Router.AddPublishedTrack(Publisher, new PublishedTrackParameters
            {
                TrackId = "audio",
                Kind = MediaKind.Audio,
                Mid = ForwardingHarness.AudioMid,
                Codecs = TestCodecs.PublisherAudio,
                HeaderExtensions = TestCodecs.PublisherExtensions,
            });
            Audio = Router.Subscribe(audioTrack, Link, new DownTrackParameters
            {
                Ssrc = AudioSsrc,
                Cname = "subscriber",
                Codecs = TestCodecs.SubscriberAudio,
                HeaderExtensions = subscriberExtensions,
                Mid = "0",
            });
        }

        Track = Router.AddPublishedTrack(Publisher, new PublishedTrackParameters
        {
            TrackId = "camera",
            Kind = MediaKind.Video,
            Mid = ForwardingHarness.VideoMid,
            Codecs = TestCodecs.PublisherVideo,
            HeaderExtensions = TestCodecs.PublisherExtensions,
            Rids = layers.Select(l => l.Rid).ToList(),
        });
        Video = Router.Subscribe(Track, Link, new DownTrackParameters
        {
            Ssrc = VideoSsrc,
            RtxSsrc = VideoRtxSsrc,
            Cname = "subscriber",
            Codecs = subscriberVideoCodecs ?? TestCodecs.SubscriberVideo,
            HeaderExtensions = subscriberExtensions,
            Mid = "1",
        });
    }

    public ManualTimeProvider Time { get; } = new();

    public RoomRouter Router { get; }

    public SimulcastPublisher Publisher { get; }

    public BottleneckLink Link { get; }

    public PublishedTrack Track { get; }

    public DownTrack Video { get; }

    public DownTrack? Audio { get; }

    /// <summary>Runs the room for <paramref name="duration"/> of simulated time.</summary>
    public void Run(TimeSpan duration)
    {
        long steps = duration.Ticks / StepTicks;
        for (long i = 0; i < steps; i++)
        {
            Step();
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds (checked every 10 ms) or <paramref name="limit"/> passes; the time it took, or null.</summary>
    public TimeSpan? RunUntil(Func<bool> condition, TimeSpan limit)
    {
        long start = Time.GetTimestamp();
        long steps = limit.Ticks / StepTicks;
        for (long i = 0; i < steps; i++)
        {
            Step();
            if (_step % TickEverySteps == 0 && condition())
            {
                return TimeSpan.FromTicks(Time.GetTimestamp() - start);
            }
        }

        return null;
    }

    /// <summary>One millisecond: the publisher's due packets, the link's deliveries, the router's tick every 10 ms.</summary>
    public void Step()
    {
        Time.Advance(TimeSpan.FromTicks(StepTicks));
        Publisher.SendDue();
        Link.Deliver();
        if (++_step % TickEverySteps == 0)
        {
            Router.Tick();
        }
    }
}
