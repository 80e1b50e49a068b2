using Sfu.Core.Rtp;

namespace Sfu.Core.Transport;

/// <summary>
/// RFC 7983 demultiplexing of one UDP port shared by STUN, DTLS and SRTP/SRTCP:
/// <code>
///              +----------------+
///              |        [0..3] -+--&gt; STUN
///              |      [20..63] -+--&gt; DTLS
///  packet --&gt;  |    [128..191] -+--&gt; RTP/RTCP (RTCP when the payload type byte is 192..223, RFC 5761)
///              +----------------+
/// </code>
/// </summary>
public static class PacketClassifier
{
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte b = datagram[0];
        if (b <= 3)
        {
            return PacketKind.Stun;
        }

        if (b >= 20 && b <= 63)
        {
            return PacketKind.Dtls;
        }

        if (b >= 128 && b <= 191)
        {
            if (datagram.Length < 2)
            {
                return PacketKind.Unknown;
            }

            return RtpHeader.IsRtcp(datagram) ? PacketKind.Rtcp : PacketKind.Rtp;
        }

        return PacketKind.Unknown;
    }
}
