namespace Sfu.Core.Rtp;

/// <summary>
/// Enumerates the RFC 8285 header extension elements of an RTP packet without allocating. Stops at the end of the
/// extension block, at an ID 15 in the one-byte form, or at a malformed element (then <see cref="IsMalformed"/> is set).
/// A non-RFC 8285 extension profile yields no elements.
/// </summary>
public ref struct RtpHeaderExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _dataOffset;
    private readonly bool _twoByte;
    private int _position;
    private RtpHeaderExtension _current;

    /// <summary>Creates an enumerator over the extension of <paramref name="packet"/> described by <paramref name="header"/>.</summary>
    public RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        _current = default;
        _position = 0;
        IsMalformed = false;
        if ((header.HasOneByteExtensions || header.HasTwoByteExtensions)
            && header.ExtensionOffset + header.ExtensionLength <= packet.Length)
        {
            _data = packet.Slice(header.ExtensionOffset, header.ExtensionLength);
            _dataOffset = header.ExtensionOffset;
            _twoByte = header.HasTwoByteExtensions;
        }
        else
        {
            _data = default;
            _dataOffset = 0;
            _twoByte = false;
        }
    }

    /// <summary>The element at the current position.</summary>
    public readonly RtpHeaderExtension Current => _current;

    /// <summary>True when enumeration stopped because an element's length ran past the extension block.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Returns this enumerator (enables <c>foreach</c>).</summary>
    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element.</summary>
    public bool MoveNext()
    {
        var result = RtpHeaderExtensions.ReadElement(_data, _twoByte, ref _position, out int id, out int offset, out int length);
        if (result == RtpHeaderExtensions.ElementResult.Element)
        {
            _current = new RtpHeaderExtension(id, _data.Slice(offset, length), _dataOffset + offset);
            return true;
        }

        IsMalformed = result == RtpHeaderExtensions.ElementResult.Malformed;
        _position = _data.Length;
        _current = default;
        return false;
    }
}
