using System.Buffers.Binary;
using System.Diagnostics;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Echo;

/// <summary>
/// The echo test (like Janus's EchoTest): every RTP packet a browser sends comes straight back on the same
/// transport under a server SSRC announced in the answer; a PLI or FIR from the browser about an echoed
/// stream becomes a PLI to the browser for its own stream, so the echoed video restarts at once.
/// Runs on its transport's worker thread.
/// </summary>
/// <remarks>
/// When the browser negotiated transport-wide congestion control, the session records the transport-wide sequence
/// number and arrival time of every packet (media, RTX, probes) and sends transport-cc feedback every 50 ms, as a
/// room's publisher endpoint does: the browser's send-side estimate then ramps up as it would towards a room, and
/// the echoed video climbs to the camera's full resolution instead of staying at its start rate.
/// </remarks>
public sealed class EchoSession : IWebRtcTransportListener
{
    private const int KeyframeRequestIntervalMs = 300;

    /// <summary>How often transport-cc feedback goes to the browser (as in rooms).</summary>
    private const int TransportFeedbackIntervalMs = 50;

    private readonly EchoStream[] _streams;
    private readonly Dictionary<uint, EchoStream> _byIncomingSsrc = new();
    private readonly MediaMetrics _metrics;
    private readonly Action<EchoSession> _onClosed;
    private readonly byte[] _rtcpScratch = new byte[256];
    private readonly int _transportCcId;
    private readonly TransportCcRecorder? _transportCc;
    private readonly byte[]? _feedbackScratch;
    private readonly uint _feedbackSenderSsrc;
    private long _nextFeedbackMs;
    private bool _feedbackStopped;
    private WebRtcTransport? _transport;

    internal EchoSession(string id, EchoStream[] streams, IReadOnlyDictionary<uint, string> declaredSsrcs, MediaMetrics metrics, Action<EchoSession> onClosed, long createdMs, int transportCcId = 0)
    {
        Id = id;
        _transportCcId = transportCcId;
        if (transportCcId != 0)
        {
            _transportCc = new TransportCcRecorder();
            _feedbackScratch = new byte[TransportCcRecorder.MaxFeedbackLength + 64];
            _feedbackSenderSsrc = streams.Length > 0 ? streams[0].OutgoingSsrc : 1;
        }

        _streams = streams;
        _metrics = metrics;
        _onClosed = onClosed;
        CreatedMs = createdMs;
        foreach (var (ssrc, mid) in declaredSsrcs)
        {
            var s = Array.Find(streams, x => x.Mid == mid);
            if (s is not null)
            {
                _byIncomingSsrc[ssrc] = s;
            }
        }
    }

    public string Id { get; }

    public long CreatedMs { get; }

    public WebRtcTransportState State => _transport?.State ?? WebRtcTransportState.New;

    public WebRtcTransport? Transport => _transport;

    /// <summary>Binds the session to its transport and, with transport-cc, starts the feedback tick. On the worker thread.</summary>
    internal void Attach(WebRtcTransport transport)
    {
        _transport = transport;
        if (_transportCc is not null)
        {
            transport.Worker.AddTickHandler(OnTick);
        }
    }

    /// <summary>Transport-cc feedback packets sent to the browser so far.</summary>
    public long TransportFeedbackSent => _transportCc?.FeedbackPacketsWritten ?? 0;

    /// <summary>The SSRCs the echoed streams are sent under (announced in the answer).</summary>
    public IReadOnlyList<uint> OutgoingSsrcs => _streams.Select(s => s.OutgoingSsrc).ToList();

    /// <summary>Packets echoed so far, per mid (for tests and diagnostics).</summary>
    public IReadOnlyDictionary<string, long> PacketsEchoed => _streams.ToDictionary(s => s.Mid, s => s.PacketsEchoed);

    public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state)
    {
        if (state is WebRtcTransportState.Failed or WebRtcTransportState.Disconnected)
        {
            transport.Worker.Post(Close);
        }
        else if (state == WebRtcTransportState.Closed)
        {
            StopFeedback();
            _onClosed(this);
        }
    }

    public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
    {
        if (_transportCc is { } recorder
            && header.HasExtension
            && RtpHeaderExtensions.TryFind(buffer[..length], header, _transportCcId, out ReadOnlySpan<byte> sequence)
            && sequence.Length == 2)
        {
            recorder.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(sequence), RtpClock.ToUnits(Stopwatch.GetTimestamp(), Stopwatch.Frequency, 1_000_000));
        }

        var stream = FindStream(buffer[..length], header);
        if (stream is null)
        {
            _metrics.Dropped(DropReason.UnknownSsrc);
            return;
        }

        if (Array.IndexOf(stream.RtxPayloadTypes, (int)header.PayloadType) >= 0)
        {
            // Chromium probes its uplink with RTX padding; echoing it would only waste the downlink.
            _metrics.Dropped(DropReason.Rtx);
            return;
        }

        if (stream.IncomingSsrc is null)
        {
            stream.IncomingSsrc = header.Ssrc;
            if (stream.IsVideo)
            {
                RequestKeyframe(transport, stream, force: true);
            }
        }

        RtpPacketWriter.SetSsrc(buffer, stream.OutgoingSsrc);
        if (transport.SendRtp(buffer, length))
        {
            stream.PacketsEchoed++;
        }
    }

    private EchoStream? FindStream(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (_byIncomingSsrc.TryGetValue(header.Ssrc, out var known))
        {
            return known;
        }

        // A new SSRC: place it by its MID header extension (RFC 8843 section 15).
        foreach (var s in _streams)
        {
            if (s.MidExtensionId != 0
                && RtpHeaderExtensions.TryFind(packet, header, s.MidExtensionId, out var mid)
                && mid.SequenceEqual(s.MidBytes))
            {
                if (_byIncomingSsrc.Count < 64)
                {
                    _byIncomingSsrc[header.Ssrc] = s;
                }

                return s;
            }
        }

        return null;
    }

    public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out var header, out var rtcp))
        {
            if (header.PacketType != RtcpPacketType.PayloadFeedback)
            {
                continue;
            }

            if (header.Format == (int)PayloadFeedbackFormat.PictureLossIndication
                && PictureLossIndication.TryParse(rtcp, out var pli) == RtcpParseError.None)
            {
                OnKeyframeWanted(transport, pli.MediaSsrc);
            }
            else if (header.Format == (int)PayloadFeedbackFormat.FullIntraRequest
                && FullIntraRequest.TryParse(rtcp, out var fir) == RtcpParseError.None)
            {
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    OnKeyframeWanted(transport, fir.GetEntry(i).Ssrc);
                }
            }
        }

        if (reader.Error != RtcpParseError.None)
        {
            _metrics.Dropped(DropReason.MalformedRtcp);
        }
    }

    private void OnKeyframeWanted(WebRtcTransport transport, uint echoedSsrc)
    {
        foreach (var s in _streams)
        {
            if (s.OutgoingSsrc == echoedSsrc)
            {
                RequestKeyframe(transport, s, force: false);
            }
        }
    }

    private void RequestKeyframe(WebRtcTransport transport, EchoStream stream, bool force)
    {
        if (stream.IncomingSsrc is not uint mediaSsrc)
        {
            return;
        }

        long now = transport.Worker.NowMs;
        if (!force && now - stream.LastKeyframeRequestMs < KeyframeRequestIntervalMs)
        {
            return;
        }

        stream.LastKeyframeRequestMs = now;
        int n = PictureLossIndication.Write(_rtcpScratch, stream.OutgoingSsrc, mediaSsrc);
        if (transport.SendRtcp(_rtcpScratch, n))
        {
            _metrics.KeyframeRequested();
        }
    }

    /// <summary>Removes the feedback tick (later on the worker: this may run inside a tick, e.g. when consent expires).</summary>
    private void StopFeedback()
    {
        if (_transportCc is not null && _transport is { } transport && !_feedbackStopped)
        {
            _feedbackStopped = true;
            transport.Worker.Post(() => transport.Worker.RemoveTickHandler(OnTick));
        }
    }

    /// <summary>On the worker's tick: transport-cc feedback every 50 ms while packets arrive.</summary>
    private void OnTick()
    {
        if (_transport is not { } transport || _transportCc is not { } recorder || transport.State != WebRtcTransportState.Connected)
        {
            return;
        }

        long now = transport.Worker.NowMs;
        if (now < _nextFeedbackMs || recorder.PendingCount == 0)
        {
            return;
        }

        _nextFeedbackMs = now + TransportFeedbackIntervalMs;
        uint mediaSsrc = 0;
        foreach (var s in _streams)
        {
            if (s.IncomingSsrc is uint ssrc)
            {
                mediaSsrc = ssrc;
                break;
            }
        }

        int length = recorder.WriteFeedback(_feedbackScratch.AsSpan(0, TransportCcRecorder.MaxFeedbackLength), _feedbackSenderSsrc, mediaSsrc);
        if (length > 0)
        {
            transport.SendRtcp(_feedbackScratch!, length);
        }
    }

    /// <summary>Closes the transport; runs on the worker thread.</summary>
    public void Close()
    {
        StopFeedback();

        if (_transport is { } t && t.State != WebRtcTransportState.Closed)
        {
            t.Close();
        }
        else if (_transport is null)
        {
            _onClosed(this);
        }
    }
}
