using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// Generates one publisher stream: consecutive sequence numbers and timestamps, with the MID (and RID) extensions
/// Chromium puts on every packet until it gets a receiver report.
/// </summary>
internal sealed class StreamGenerator
{
    private readonly List<(int Id, byte[] Value)> _extensions = [];

    public StreamGenerator(uint ssrc, byte payloadType, string mid, ushort firstSequenceNumber = 1000, uint firstTimestamp = 50_000, string? rid = null)
    {
        Ssrc = ssrc;
        PayloadType = payloadType;
        SequenceNumber = firstSequenceNumber;
        Timestamp = firstTimestamp;
        _extensions.Add((TestCodecs.PubMid, System.Text.Encoding.ASCII.GetBytes(mid)));
        if (rid is not null)
        {
            _extensions.Add((TestCodecs.PubRid, System.Text.Encoding.ASCII.GetBytes(rid)));
        }
    }

    public uint Ssrc { get; set; }

    public byte PayloadType { get; set; }

    /// <summary>The sequence number of the next packet.</summary>
    public ushort SequenceNumber { get; set; }

    /// <summary>The timestamp of the next packet.</summary>
    public uint Timestamp { get; set; }

    /// <summary>The next packet, then the sequence number advances (the timestamp only with <see cref="NextFrame"/>).</summary>
    public byte[] Next(byte[] payload, bool marker = false, IEnumerable<(int Id, byte[] Value)>? extraExtensions = null, int padding = 0)
    {
        var extensions = _extensions.Concat(extraExtensions ?? []);
        var packet = RtpPackets.Build(Ssrc, SequenceNumber, Timestamp, PayloadType, payload, marker, extensions, padding);
        SequenceNumber++;
        return packet;
    }

    /// <summary>Skips a sequence number (a packet lost on the way).</summary>
    public void Lose() => SequenceNumber++;

    public void NextFrame(uint timestampStep) => Timestamp += timestampStep;

    public RtpHeader HeaderOf(byte[] packet)
    {
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out var header));
        return header;
    }
}
