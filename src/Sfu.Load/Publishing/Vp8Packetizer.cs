using System.Buffers.Binary;

namespace Sfu.Load.Publishing;

/// <summary>
/// Splits synthetic VP8 frames of one simulcast layer into RTP payloads the way Chromium does: each payload starts
/// with a 6-byte VP8 payload descriptor (RFC 7741 section 4.2: X, S on a frame's first packet, a 15-bit PictureID,
/// TL0PICIDX, TID and Y), the frame's bytes are spread evenly over as few packets as fit, and the first packet
/// carries the VP8 payload header (RFC 6386 section 9.1): a keyframe's holds the start code and the frame size,
/// which the server reads to learn the layer's resolution.
/// </summary>
/// <remarks>
/// <para>Frames follow Chromium's three temporal layers (TID 0, 2, 1, 2, ...); TL0PICIDX counts TID 0 pictures; a
/// keyframe is TID 0 and restarts the pattern. After the VP8 header, every packet carries a 4-byte tag of its own
/// (<see cref="LayerTag"/>: the layer index and a 24-bit frame number) that lets a subscriber tell which layer a
/// forwarded packet came from; the rest is filler.</para>
/// <para>Allocation-free; one instance per layer, used by the thread that sends the layer.</para>
/// </remarks>
public sealed class Vp8Packetizer
{
    /// <summary>Length of the payload descriptor written: required byte, X byte, 2-byte PictureID, TL0PICIDX, TID/Y/KEYIDX.</summary>
    public const int DescriptorLength = 6;

    /// <summary>A keyframe's VP8 header: 3-byte frame tag, start code 9D 01 2A, 16-bit width and height.</summary>
    public const int KeyframeHeaderLength = 10;

    /// <summary>An interframe's VP8 header: the 3-byte frame tag.</summary>
    public const int InterframeHeaderLength = 3;

    /// <summary>Length of the tag after the VP8 header: layer index (1 byte) and frame number (24 bits).</summary>
    public const int LayerTagLength = 4;

    /// <summary>Smallest frame accepted: a keyframe header and the tag.</summary>
    public const int MinFrameLength = KeyframeHeaderLength + LayerTagLength;

    private static readonly int[] TemporalPattern = [0, 2, 1, 2];

    private int _frameLength;
    private int _frameOffset;
    private int _packetsLeft;
    private int _patternIndex = -1;

    /// <summary>Creates the packetizer of one layer.</summary>
    /// <param name="layer">Spatial layer index, 0 = lowest; written in every packet's tag.</param>
    /// <param name="width">Frame width written in keyframes (1-16383).</param>
    /// <param name="height">Frame height written in keyframes (1-16383).</param>
    /// <param name="initialPictureId">First PictureID (15 bits).</param>
    /// <param name="initialTl0PicIdx">TL0PICIDX before the first TID 0 picture.</param>
    public Vp8Packetizer(int layer, int width, int height, ushort initialPictureId = 0, byte initialTl0PicIdx = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, 255);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 0x3FFF);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 0x3FFF);
        Layer = layer;
        Width = width;
        Height = height;
        PictureId = (ushort)((initialPictureId - 1) & 0x7FFF);
        Tl0PicIdx = initialTl0PicIdx;
    }

    public int Layer { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>PictureID of the current frame (15 bits).</summary>
    public ushort PictureId { get; private set; }

    /// <summary>TL0PICIDX of the current frame.</summary>
    public byte Tl0PicIdx { get; private set; }

    /// <summary>Temporal layer of the current frame.</summary>
    public int TemporalLayer { get; private set; }

    /// <summary>True when the current frame is a keyframe.</summary>
    public bool IsKeyframe { get; private set; }

    /// <summary>Frames started so far; the current frame's number is this minus one.</summary>
    public long Frames { get; private set; }

    /// <summary>True while the current frame has packets left to write.</summary>
    public bool HasPackets => _packetsLeft > 0;

    /// <summary>
    /// Starts the next frame: <paramref name="frameLength"/> bytes of VP8 data (headers and tags included, at least
    /// <see cref="MinFrameLength"/>), spread over packets whose payload is at most <paramref name="maxPayloadLength"/>.
    /// </summary>
    public void StartFrame(bool keyframe, int frameLength, int maxPayloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, MinFrameLength);
        int perPacket = maxPayloadLength - DescriptorLength - LayerTagLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(perPacket, KeyframeHeaderLength, nameof(maxPayloadLength));
        _patternIndex = keyframe ? 0 : (_patternIndex + 1) % TemporalPattern.Length;
        TemporalLayer = TemporalPattern[_patternIndex];
        IsKeyframe = keyframe;
        PictureId = (ushort)((PictureId + 1) & 0x7FFF);
        if (TemporalLayer == 0)
        {
            Tl0PicIdx++;
        }

        Frames++;
        _frameLength = frameLength;
        _frameOffset = 0;

        // The first packet holds the VP8 header and the tag besides data; later packets hold a tag each.
        int data = frameLength - LayerTagLength;
        _packetsLeft = Math.Max(1, (data + perPacket - 1) / perPacket);
    }

    /// <summary>
    /// Writes the current frame's next payload into <paramref name="destination"/> and returns its length;
    /// <paramref name="lastOfFrame"/> is true for the frame's last packet (the one with the RTP marker bit).
    /// </summary>
    public int WriteNext(Span<byte> destination, out bool lastOfFrame)
    {
        if (_packetsLeft <= 0)
        {
            throw new InvalidOperationException("The frame has no packets left: start the next frame first.");
        }

        bool first = _frameOffset == 0;
        int remaining = _frameLength - _frameOffset;
        int share = _packetsLeft == 1 ? remaining : (remaining + _packetsLeft - 1) / _packetsLeft;
        int length = DescriptorLength + share + (first ? 0 : LayerTagLength);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the payload needs {length}.", nameof(destination));
        }

        // Descriptor: X=1, N=0, S on the first packet, PID=0 | I, L, T | M + 15-bit PictureID | TL0PICIDX | TID, Y.
        destination[0] = (byte)(first ? 0x90 : 0x80);
        destination[1] = 0xE0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(0x8000 | PictureId));
        destination[4] = Tl0PicIdx;
        bool layerSync = IsKeyframe || (TemporalLayer > 0 && _patternIndex <= 2);
        destination[5] = (byte)((TemporalLayer << 6) | (layerSync ? 0x20 : 0));

        Span<byte> data = destination.Slice(DescriptorLength, length - DescriptorLength);
        int tagOffset = 0;
        if (first)
        {
            WriteFrameHeader(data);
            tagOffset = IsKeyframe ? KeyframeHeaderLength : InterframeHeaderLength;
        }

        data[tagOffset] = (byte)Layer;
        data[tagOffset + 1] = (byte)((Frames - 1) >> 16);
        data[tagOffset + 2] = (byte)((Frames - 1) >> 8);
        data[tagOffset + 3] = (byte)(Frames - 1);
        data[(tagOffset + LayerTagLength)..].Fill(0x5A);

        _frameOffset += share;
        _packetsLeft--;
        lastOfFrame = _packetsLeft == 0;
        return length;
    }

    /// <summary>
    /// Reads the tag of a VP8 payload written by a packetizer (after the server rewrote PictureID and TL0PICIDX, which
    /// keep their lengths): the layer and the frame number. False when the payload is too short or not VP8.
    /// </summary>
    public static bool TryReadTag(ReadOnlySpan<byte> payload, out LayerTag tag)
    {
        tag = default;
        if (!Sfu.Core.Rtp.Codecs.Vp8PayloadDescriptor.TryParse(payload, out var descriptor))
        {
            return false;
        }

        int offset = descriptor.Length;
        if (descriptor.IsStartOfFrame)
        {
            offset += descriptor.StartsKeyframe ? KeyframeHeaderLength : InterframeHeaderLength;
        }

        if (payload.Length < offset + LayerTagLength)
        {
            return false;
        }

        int frame = (payload[offset + 1] << 16) | (payload[offset + 2] << 8) | payload[offset + 3];
        tag = new LayerTag(payload[offset], frame, descriptor.IsStartOfFrame, descriptor.StartsKeyframe);
        return true;
    }

    private void WriteFrameHeader(Span<byte> data)
    {
        // Frame tag (RFC 6386 9.1): P (0 = key frame), version 0, show_frame 1, 19-bit first partition size.
        int partition = Math.Min(_frameLength / 4, 0x7FFFF);
        data[0] = (byte)(((partition & 0x7) << 5) | 0x10 | (IsKeyframe ? 0 : 1));
        data[1] = (byte)(partition >> 3);
        data[2] = (byte)(partition >> 11);
        if (IsKeyframe)
        {
            data[3] = 0x9D;
            data[4] = 0x01;
            data[5] = 0x2A;
            BinaryPrimitives.WriteUInt16LittleEndian(data[6..], (ushort)Width);
            BinaryPrimitives.WriteUInt16LittleEndian(data[8..], (ushort)Height);
        }
    }
}
