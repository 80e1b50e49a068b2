using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// A generated simulcast publisher, allocation-free once built: VP8 at 30 fps on every layer, each frame's packets
/// paced over the frame interval (smallest layer first); real VP8 keyframe headers (frame tag with P = 0, start code
/// 9D 01 2A, the layer's width and height) at the start and whenever the router sends a PLI for the layer; 15-bit picture
/// IDs and TL0PICIDX counting frames from a different base per layer; MID, RID and transport-wide sequence numbers on
/// every packet; a sender report per layer every second; optionally Opus audio (mid 0) every 20 ms. It is also the
/// publisher's transport: the router's RTCP comes back through <see cref="SendRtcp"/>. The last payload byte of every
/// video packet is the layer's rid character, so a subscriber can tell which layer it is given.
/// </summary>
internal sealed class SimulcastPublisher : IRtpPacketSink
{
    public const int FramesPerSecond = 30;
    public const uint FrameTimestampStep = 90_000 / FramesPerSecond;
    public const uint AudioSsrc = 0xA0D1;
    private const long AudioIntervalTicks = 20 * TimeSpan.TicksPerMillisecond;
    private const int AudioPayloadSize = 80;
    private const int DescriptorLength = 5;

    private static readonly ushort[] SequenceBases = [100, 20_000, 65_000];
    private static readonly uint[] TimestampBases = [1_000, 500_000, 4_000_000_000];
    private static readonly int[] PictureIdBases = [100, 20_000, 32_700];
    private static readonly int[] Tl0Bases = [10, 120, 250];

    private readonly RoomRouter _router;
    private readonly TimeProvider _time;
    private readonly SimulcastLayerSpec[] _layers;
    private readonly byte[][] _ridBytes;
    private readonly int[] _sendOrder;
    private readonly ushort[] _sequence;
    private readonly bool[] _keyframeWanted;
    private readonly long[] _packetsSent;
    private readonly long[] _octetsSent;
    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _rtcp = new byte[256];
    private readonly long _start;
    private readonly int _packetsPerFrame;
    private long _frame;
    private int _packetInFrame;
    private ushort _transportSequence = 1;
    private long _nextSenderReport;
    private long _nextAudio;
    private ushort _audioSequence = 7_000;

    public SimulcastPublisher(RoomRouter router, TimeProvider time, IReadOnlyList<SimulcastLayerSpec> layers)
    {
        _router = router;
        _time = time;
        _layers = [.. layers];
        _ridBytes = _layers.Select(l => System.Text.Encoding.ASCII.GetBytes(l.Rid)).ToArray();
        _sendOrder = Enumerable.Range(0, _layers.Length).OrderBy(i => _layers[i].Width).ToArray();
        _sequence = _layers.Select((_, i) => SequenceBases[i]).ToArray();
        _keyframeWanted = new bool[_layers.Length];
        Array.Fill(_keyframeWanted, true);
        _packetsSent = new long[_layers.Length];
        _octetsSent = new long[_layers.Length];
        PlisReceived = new int[_layers.Length];
        KeyframesSent = new int[_layers.Length];
        _packetsPerFrame = _layers.Sum(l => l.PacketsPerFrame);
        _start = time.GetTimestamp();
        _nextSenderReport = _start + TimeSpan.TicksPerSecond / 2;
        _nextAudio = _start;
        LayerEnabled = Enumerable.Repeat(true, _layers.Length).ToArray();
    }

    public IReadOnlyList<SimulcastLayerSpec> Layers => _layers;

    /// <summary>Sends Opus on mid 0 as well (publish the audio track first).</summary>
    public bool SendsAudio { get; set; }

    /// <summary>Per layer (rid order): false stops that layer, as a browser does when its uplink estimate falls.</summary>
    public bool[] LayerEnabled { get; }

    /// <summary>PLIs received per layer (rid order).</summary>
    public int[] PlisReceived { get; }

    /// <summary>Keyframes sent per layer (rid order).</summary>
    public int[] KeyframesSent { get; }

    /// <summary>Frames started so far.</summary>
    public long Frames => _frame;

    /// <summary>The layer (rid order) of an SSRC, or -1.</summary>
    public int LayerOfSsrc(uint ssrc)
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            if (_layers[i].Ssrc == ssrc)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Sends every packet (and report) due by now.</summary>
    public void SendDue()
    {
        long now = _time.GetTimestamp();
        while (ScheduledAt(_frame, _packetInFrame) <= now)
        {
            SendVideoPacket();
            if (++_packetInFrame == _packetsPerFrame)
            {
                _packetInFrame = 0;
                _frame++;
            }
        }

        if (SendsAudio)
        {
            while (_nextAudio <= now)
            {
                SendAudioPacket();
                _nextAudio += AudioIntervalTicks;
            }
        }

        if (now >= _nextSenderReport)
        {
            _nextSenderReport += TimeSpan.TicksPerSecond;
            SendSenderReports(now);
        }
    }

    public bool SendRtp(Span<byte> buffer, int length) => true;

    /// <summary>The router's RTCP to this publisher: a PLI (or FIR) makes the layer's next frame a keyframe.</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        var reader = new RtcpCompoundReader(buffer.Slice(0, length));
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
        {
            if (header.PacketType == RtcpPacketType.PayloadFeedback
                && header.Format == (int)PayloadFeedbackFormat.PictureLossIndication
                && PictureLossIndication.TryParse(packet, out PictureLossIndication pli) == RtcpParseError.None)
            {
                int layer = LayerOfSsrc(pli.MediaSsrc);
                if (layer >= 0)
                {
                    PlisReceived[layer]++;
                    _keyframeWanted[layer] = true;
                }
            }
        }

        return true;
    }

    private long ScheduledAt(long frame, int packet) =>
        _start + (frame * TimeSpan.TicksPerSecond / FramesPerSecond) + (packet * TimeSpan.TicksPerSecond / FramesPerSecond / _packetsPerFrame);

    private uint TimestampOf(int layer, long frame) => unchecked(TimestampBases[layer] + (uint)(frame * FrameTimestampStep));

    private void SendVideoPacket()
    {
        int index = _packetInFrame;
        int layer = 0;
        int packetOfLayer = 0;
        foreach (int candidate in _sendOrder)
        {
            if (index < _layers[candidate].PacketsPerFrame)
            {
                layer = candidate;
                packetOfLayer = index;
                break;
            }

            index -= _layers[candidate].PacketsPerFrame;
        }

        if (!LayerEnabled[layer])
        {
            return;
        }

        SimulcastLayerSpec spec = _layers[layer];
        bool first = packetOfLayer == 0;
        bool keyframe = first && _keyframeWanted[layer];
        if (keyframe)
        {
            _keyframeWanted[layer] = false;
            KeyframesSent[layer]++;
        }

        Span<byte> packet = _packet;
        int length = RtpPacketWriter.WriteHeader(packet, TestCodecs.PubVp8, _sequence[layer]++, TimestampOf(layer, _frame), spec.Ssrc, packetOfLayer == spec.PacketsPerFrame - 1);
        length += WriteExtensions(packet.Slice(length), _ridBytes[layer], ForwardingHarness.VideoMid);
        RtpPacketWriter.SetExtension(packet, true);

        Span<byte> payload = packet.Slice(length, spec.PayloadSize);
        int picture = (PictureIdBases[layer] + (int)_frame) & 0x7FFF;
        payload[0] = (byte)(first ? 0x90 : 0x80); // X, S on the first packet of the frame, partition 0
        payload[1] = 0xC0;                        // I and L: a picture ID and a TL0PICIDX
        payload[2] = (byte)(0x80 | (picture >> 8)); // M: 15-bit picture ID
        payload[3] = (byte)picture;
        payload[4] = (byte)(Tl0Bases[layer] + _frame);
        payload.Slice(DescriptorLength).Fill((byte)spec.Rid[0]);
        if (first)
        {
            Span<byte> frame = payload.Slice(DescriptorLength);
            frame[0] = (byte)(keyframe ? 0x10 : 0x11); // frame tag: P = 0 for a key frame, show_frame = 1
            frame[1] = 0x00;
            frame[2] = 0x00;
            if (keyframe)
            {
                frame[3] = 0x9D;
                frame[4] = 0x01;
                frame[5] = 0x2A;
                BinaryPrimitives.WriteUInt16LittleEndian(frame.Slice(6), (ushort)spec.Width);
                BinaryPrimitives.WriteUInt16LittleEndian(frame.Slice(8), (ushort)spec.Height);
            }
        }

        length += spec.PayloadSize;
        _packetsSent[layer]++;
        _octetsSent[layer] += spec.PayloadSize;
        Deliver(length);
    }

    private void SendAudioPacket()
    {
        Span<byte> packet = _packet;
        uint timestamp = (uint)((_nextAudio - _start) * 48 / TimeSpan.TicksPerMillisecond);
        int length = RtpPacketWriter.WriteHeader(packet, TestCodecs.PubOpus, _audioSequence++, timestamp, AudioSsrc);
        length += WriteExtensions(packet.Slice(length), [], ForwardingHarness.AudioMid);
        RtpPacketWriter.SetExtension(packet, true);
        packet.Slice(length, AudioPayloadSize).Fill(0x0F);
        packet[length] = 0x78;
        Deliver(length + AudioPayloadSize);
    }

    private int WriteExtensions(Span<byte> destination, ReadOnlySpan<byte> rid, string mid)
    {
        var extensions = new RtpHeaderExtensionWriter(destination);
        Span<byte> value = stackalloc byte[2];
        value[0] = (byte)mid[0];
        extensions.Add(TestCodecs.PubMid, value.Slice(0, 1));
        if (!rid.IsEmpty)
        {
            extensions.Add(TestCodecs.PubRid, rid);
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, _transportSequence++);
        extensions.Add(TestCodecs.PubTransportCc, value);
        return extensions.Finish();
    }

    private void Deliver(int length)
    {
        Span<byte> packet = _packet.AsSpan(0, length);
        if (RtpHeader.TryParse(packet, out RtpHeader header) != RtpParseError.None)
        {
            throw new InvalidOperationException("the generator wrote an invalid packet");
        }

        _router.OnRtp(this, _packet, length, header);
    }

    private void SendSenderReports(long now)
    {
        ulong ntp = RtpClock.NtpNow(_time);
        long sinceStart = now - _start;
        for (int layer = 0; layer < _layers.Length; layer++)
        {
            if (_packetsSent[layer] == 0)
            {
                continue;
            }

            uint rtp = unchecked(TimestampBases[layer] + (uint)(sinceStart * 90_000 / TimeSpan.TicksPerSecond));
            int length = SenderReport.Write(_rtcp, _layers[layer].Ssrc, ntp, rtp, (uint)_packetsSent[layer], (uint)_octetsSent[layer]);
            _router.OnRtcp(this, _rtcp.AsSpan(0, length));
        }
    }
}
