using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>A transport that records copies of everything sent through it (no SRTP, no socket).</summary>
internal sealed class RecordingSink : IRtpPacketSink
{
    /// <summary>The SRTP trailer room <see cref="IRtpPacketSink"/> promises after every packet.</summary>
    public const int RequiredTrailerRoom = 20;

    public RecordingSink(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>When false, sends fail like a transport that is not connected yet.</summary>
    public bool Connected { get; set; } = true;

    /// <summary>When true (and connected), RTP sends fail like a connected transport that cannot protect or send them.</summary>
    public bool RefusesRtp { get; set; }

    public bool CanSend => Connected;

    /// <summary>The SSRCs the router released, in order.</summary>
    public List<uint> ReleasedSsrcs { get; } = [];

    public List<byte[]> Rtp { get; } = [];

    /// <summary>RTP sends tried while the sink could not send (not connected, or refusing).</summary>
    public int RtpRefused { get; private set; }

    public List<byte[]> Rtcp { get; } = [];

    public bool SendRtp(Span<byte> buffer, int length)
    {
        Assert.True(buffer.Length >= length + RequiredTrailerRoom, "no room for the SRTP tag after the packet");
        if (!Connected || RefusesRtp)
        {
            RtpRefused++;
            return false;
        }

        Rtp.Add(buffer.Slice(0, length).ToArray());
        return true;
    }

    public bool SendRtcp(Span<byte> buffer, int length)
    {
        Assert.True(buffer.Length >= length + RequiredTrailerRoom, "no room for the SRTCP trailer after the packet");
        if (!Connected)
        {
            return false;
        }

        Rtcp.Add(buffer.Slice(0, length).ToArray());
        return true;
    }

    public void ReleaseSendingSsrc(uint ssrc) => ReleasedSsrcs.Add(ssrc);

    public IReadOnlyList<SentPacket> Sent => Rtp.Select(p => new SentPacket(p)).ToList();

    public IEnumerable<SentPacket> SentWithSsrc(uint ssrc) => Sent.Where(p => p.Ssrc == ssrc);

    /// <summary>Media SSRCs of every PLI received, in order.</summary>
    public List<uint> Plis => RtcpOfType(RtcpPacketType.PayloadFeedback)
        .Where(p => (p[0] & 0x1F) == (int)PayloadFeedbackFormat.PictureLossIndication)
        .Select(p =>
        {
            Assert.Equal(RtcpParseError.None, PictureLossIndication.TryParse(p, out var pli));
            return pli.MediaSsrc;
        })
        .ToList();

    /// <summary>SSRCs of the first entry of every FIR received.</summary>
    public List<uint> Firs => RtcpOfType(RtcpPacketType.PayloadFeedback)
        .Where(p => (p[0] & 0x1F) == (int)PayloadFeedbackFormat.FullIntraRequest)
        .Select(p =>
        {
            Assert.Equal(RtcpParseError.None, FullIntraRequest.TryParse(p, out var fir));
            return fir.GetEntry(0).Ssrc;
        })
        .ToList();

    /// <summary>Every RTCP packet of a type, each as its own byte array (compounds split).</summary>
    public List<byte[]> RtcpOfType(RtcpPacketType type)
    {
        var found = new List<byte[]>();
        foreach (var compound in Rtcp)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out var header, out var packet))
            {
                if (header.PacketType == type)
                {
                    found.Add(packet.ToArray());
                }
            }

            Assert.Equal(RtcpParseError.None, reader.Error);
        }

        return found;
    }

    public void Clear()
    {
        Rtp.Clear();
        Rtcp.Clear();
    }

    public override string ToString() => Name;
}
