using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>A router on a manual clock with recording transports, plus shortcuts to publish, subscribe and send.</summary>
internal sealed class ForwardingHarness : IDisposable
{
    public const string AudioMid = "0";
    public const string VideoMid = "1";

    public ForwardingHarness()
    {
        Router = new RoomRouter(Time, Recorder.Metrics);
    }

    public ManualTimeProvider Time { get; } = new();

    public MetricsRecorder Recorder { get; } = new();

    public RoomRouter Router { get; }

    public PublishedTrack PublishAudio(IRtpPacketSink publisher, string trackId = "audio", string mid = AudioMid, IReadOnlyList<uint>? declaredSsrcs = null) =>
        Router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = trackId,
            Kind = MediaKind.Audio,
            Mid = mid,
            Codecs = TestCodecs.PublisherAudio,
            HeaderExtensions = TestCodecs.PublisherExtensions,
            DeclaredSsrcs = declaredSsrcs ?? [],
        });

    public PublishedTrack PublishVideo(
        IRtpPacketSink publisher,
        string trackId = "video",
        string mid = VideoMid,
        IReadOnlyList<string>? rids = null,
        IReadOnlyList<Sfu.Core.Sdp.NegotiatedCodec>? codecs = null) =>
        Router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = trackId,
            Kind = MediaKind.Video,
            Mid = mid,
            Codecs = codecs ?? TestCodecs.PublisherVideo,
            HeaderExtensions = TestCodecs.PublisherExtensions,
            Rids = rids ?? [],
        });

    public DownTrack Subscribe(PublishedTrack track, IRtpPacketSink subscriber, uint ssrc, string mid = "5", IReadOnlyDictionary<string, int>? extensions = null) =>
        Router.Subscribe(track, subscriber, new DownTrackParameters
        {
            Ssrc = ssrc,
            Cname = "cname-" + subscriber,
            Codecs = track.Kind == MediaKind.Audio ? TestCodecs.SubscriberAudio : TestCodecs.SubscriberVideo,
            HeaderExtensions = extensions ?? TestCodecs.SubscriberExtensions,
            Mid = mid,
        });

    /// <summary>Hands a packet to the router the way the worker does: a copy in a bigger receive buffer.</summary>
    public void Send(IRtpPacketSink from, byte[] packet)
    {
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out var header));
        var receiveBuffer = new byte[packet.Length + 64];
        packet.CopyTo(receiveBuffer, 0);
        Router.OnRtp(from, receiveBuffer, packet.Length, header);
        Assert.Equal(packet, receiveBuffer[..packet.Length]); // the receive buffer is only read
    }

    public void SendRtcp(IRtpPacketSink from, byte[] packet) => Router.OnRtcp(from, (byte[])packet.Clone());

    public void Dispose() => Recorder.Dispose();
}
