using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>A recorded RTP packet, parsed for asserts.</summary>
internal sealed class SentPacket
{
    public SentPacket(byte[] bytes)
    {
        Bytes = bytes;
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(bytes, out var header));
        Header = header;
    }

    public byte[] Bytes { get; }

    public RtpHeader Header { get; }

    public uint Ssrc => Header.Ssrc;

    public ushort SequenceNumber => Header.SequenceNumber;

    public uint Timestamp => Header.Timestamp;

    public byte PayloadType => Header.PayloadType;

    public bool Marker => Header.Marker;

    public byte[] Payload => Header.GetPayload(Bytes).ToArray();

    /// <summary>The value of extension <paramref name="id"/>, or null.</summary>
    public byte[]? Extension(int id) =>
        RtpHeaderExtensions.TryFind(Bytes, Header, id, out var value) ? value.ToArray() : null;

    /// <summary>All extension ids present.</summary>
    public List<int> ExtensionIds
    {
        get
        {
            var ids = new List<int>();
            foreach (var element in RtpHeaderExtensions.Enumerate(Bytes, Header))
            {
                ids.Add(element.Id);
            }

            return ids;
        }
    }
}
