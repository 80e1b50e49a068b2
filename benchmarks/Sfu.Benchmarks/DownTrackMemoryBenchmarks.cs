using BenchmarkDotNet.Attributes;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;

namespace Sfu.Benchmarks;

/// <summary>
/// What one more subscription costs in memory, read from the Allocated column (bytes allocated per operation, setup
/// garbage included, so an upper bound of what stays). <see cref="AddVideoDownTrack"/> subscribes one more subscriber
/// to a three-layer simulcast VP8 track (NACK, RTX, transport-wide-cc negotiated) and unsubscribes it again: the
/// down-track alone, since the subscriber already receives another track and the track's receive rings already exist.
/// <see cref="AddSubscriber"/> does the same for a subscriber that receives nothing yet: its endpoint, send-side
/// bandwidth estimator and stream allocator, plus the down-track.
/// </summary>
[MemoryDiagnoser]
public class DownTrackMemoryBenchmarks
{
    private RoomRouter _router = null!;
    private PublishedTrack _track = null!;
    private IRtpPacketSink _subscriber = null!;
    private DownTrackParameters _parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        _router = new RoomRouter(TimeProvider.System, new MediaMetrics());
        var publisher = new NullSink();
        var codec = new NegotiatedCodec
        {
            PayloadType = 96,
            MimeType = "video/VP8",
            ClockRate = 90000,
            Feedback = RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.TransportCc,
            RtxPayloadType = 97,
        };
        var extensions = new Dictionary<string, int>
        {
            [RtpHeaderExtensionUri.Mid] = 4,
            [RtpHeaderExtensionUri.AbsSendTime] = 2,
            [RtpHeaderExtensionUri.TransportWideCc] = 3,
            [RtpHeaderExtensionUri.RtpStreamId] = 10,
            [RtpHeaderExtensionUri.VideoOrientation] = 13,
        };
        _track = _router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "camera",
            Kind = MediaKind.Video,
            Mid = "1",
            Rids = ["h", "m", "l"],
            Codecs = [codec],
            HeaderExtensions = extensions,
        });
        var other = _router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "other",
            Kind = MediaKind.Video,
            Mid = "2",
            Codecs = [codec],
            HeaderExtensions = extensions,
        });
        _parameters = new DownTrackParameters
        {
            Ssrc = 0xB000_0001,
            RtxSsrc = 0xB000_0002,
            Cname = "subscriber",
            Codecs = [new NegotiatedCodec { PayloadType = 120, MimeType = "video/VP8", ClockRate = 90000, Feedback = codec.Feedback, RtxPayloadType = 121 }],
            HeaderExtensions = extensions,
            Mid = "1",
        };
        _router.Subscribe(_track, new NullSink(), _parameters); // the receive rings of the track
        _subscriber = new NullSink();
        _router.Subscribe(other, _subscriber, new DownTrackParameters
        {
            Ssrc = 0xA000_0001,
            Cname = "subscriber",
            Codecs = _parameters.Codecs,
            HeaderExtensions = extensions,
            Mid = "2",
        });
    }

    /// <summary>One more video down-track for a subscriber that already has an endpoint.</summary>
    [Benchmark]
    public DownTrack AddVideoDownTrack()
    {
        DownTrack downTrack = _router.Subscribe(_track, _subscriber, _parameters);
        _router.Unsubscribe(downTrack);
        return downTrack;
    }

    /// <summary>One more subscriber (endpoint, estimator, allocator) with one video down-track.</summary>
    [Benchmark]
    public DownTrack AddSubscriber()
    {
        var sink = new NullSink();
        DownTrack downTrack = _router.Subscribe(_track, sink, _parameters);
        _router.RemoveTransport(sink);
        return downTrack;
    }

    private sealed class NullSink : IRtpPacketSink
    {
        public bool SendRtp(Span<byte> buffer, int length) => true;

        public bool SendRtcp(Span<byte> buffer, int length) => true;
    }
}
