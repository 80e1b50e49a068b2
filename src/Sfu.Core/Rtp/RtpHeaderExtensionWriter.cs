using System.Buffers.Binary;

namespace Sfu.Core.Rtp;

/// <summary>
/// Writes an RFC 8285 header extension block (the 4-byte extension header plus the elements, padded to a 32-bit
/// boundary) into a caller's buffer, without allocating. Starts in the one-byte form and switches to the two-byte
/// form (rewriting what is already written) as soon as an element needs it: ID above 14, or a value that is empty
/// or longer than 16 bytes.
/// </summary>
/// <example>
/// <code>
/// int length = RtpPacketWriter.WriteHeader(buffer, payloadType, seq, timestamp, ssrc);
/// var extensions = new RtpHeaderExtensionWriter(buffer.Slice(length));
/// extensions.Add(midId, "0"u8);
/// length += extensions.Finish();
/// RtpPacketWriter.SetExtension(buffer, true);
/// </code>
/// </example>
public ref struct RtpHeaderExtensionWriter
{
    private const int BlockHeaderLength = 4;

    private readonly Span<byte> _destination;
    private int _dataLength;
    private bool _twoByte;

    /// <summary>Creates a writer that writes the block at the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the block goes (just after the CSRC list of the packet).</param>
    /// <param name="forceTwoByte">Use the two-byte form from the start (profile 0x1000).</param>
    public RtpHeaderExtensionWriter(Span<byte> destination, bool forceTwoByte = false)
    {
        if (destination.Length < BlockHeaderLength)
        {
            throw new ArgumentException("The destination cannot hold an extension header.", nameof(destination));
        }

        _destination = destination;
        _dataLength = 0;
        _twoByte = forceTwoByte;
        Count = 0;
    }

    /// <summary>Number of elements written so far.</summary>
    public int Count { get; private set; }

    /// <summary>True when the block is (now) in the two-byte form.</summary>
    public readonly bool IsTwoByte => _twoByte;

    /// <summary>The length <see cref="Finish"/> would return now: 4-byte header plus padded data.</summary>
    public readonly int Length => BlockHeaderLength + ((_dataLength + 3) & ~3);

    /// <summary>Adds an element; throws when the ID is invalid or the destination is too small.</summary>
    public void Add(int id, scoped ReadOnlySpan<byte> value)
    {
        if (!TryAdd(id, value))
        {
            throw new ArgumentException("The destination is too small for this header extension element.", nameof(value));
        }
    }

    /// <summary>Adds an element. Returns false (writing nothing) when the destination has no room for it.</summary>
    public bool TryAdd(int id, scoped ReadOnlySpan<byte> value)
    {
        if (id < 1 || id > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "Header extension IDs are 1..255.");
        }

        if (value.Length > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, "Header extension values are at most 255 bytes.");
        }

        bool needsTwoByte = id > 14 || value.Length == 0 || value.Length > 16;
        int available = _destination.Length - BlockHeaderLength;
        if (!_twoByte && needsTwoByte)
        {
            if (_dataLength + Count + 2 + value.Length > available)
            {
                return false;
            }

            ConvertToTwoByte();
        }

        Span<byte> data = _destination.Slice(BlockHeaderLength);
        if (_twoByte)
        {
            if (_dataLength + 2 + value.Length > available)
            {
                return false;
            }

            data[_dataLength] = (byte)id;
            data[_dataLength + 1] = (byte)value.Length;
            value.CopyTo(data.Slice(_dataLength + 2));
            _dataLength += 2 + value.Length;
        }
        else
        {
            if (_dataLength + 1 + value.Length > available)
            {
                return false;
            }

            data[_dataLength] = (byte)((id << 4) | (value.Length - 1));
            value.CopyTo(data.Slice(_dataLength + 1));
            _dataLength += 1 + value.Length;
        }

        Count++;
        return true;
    }

    /// <summary>
    /// Pads the data with zero bytes to a 32-bit boundary, writes the extension header (profile and length in words)
    /// and returns the total block length in bytes, header included.
    /// </summary>
    public readonly int Finish()
    {
        int padded = (_dataLength + 3) & ~3;
        if (BlockHeaderLength + padded > _destination.Length)
        {
            throw new ArgumentException("The destination is too small for the padded header extension block.");
        }

        _destination.Slice(BlockHeaderLength + _dataLength, padded - _dataLength).Clear();
        ushort profile = _twoByte ? RtpHeader.TwoByteExtensionProfile : RtpHeader.OneByteExtensionProfile;
        BinaryPrimitives.WriteUInt16BigEndian(_destination, profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(2), (ushort)(padded / 4));
        return BlockHeaderLength + padded;
    }

    /// <summary>
    /// Rewrites the one-byte elements written so far in the two-byte form. Each element grows by one byte; elements
    /// are moved last-first so nothing is overwritten before it is moved. The caller checked there is room.
    /// </summary>
    private void ConvertToTwoByte()
    {
        Span<byte> data = _destination.Slice(BlockHeaderLength);
        for (int index = Count - 1; index >= 0; index--)
        {
            int start = 0;
            for (int skip = 0; skip < index; skip++)
            {
                start += 2 + (data[start] & 0x0F);
            }

            byte b = data[start];
            int id = b >> 4;
            int length = (b & 0x0F) + 1;
            int newStart = start + index;
            data.Slice(start + 1, length).CopyTo(data.Slice(newStart + 2));
            data[newStart] = (byte)id;
            data[newStart + 1] = (byte)length;
        }

        _dataLength += Count;
        _twoByte = true;
    }
}
