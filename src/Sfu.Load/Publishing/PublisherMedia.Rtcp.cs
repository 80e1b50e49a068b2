using Sfu.Core.Rtcp;
using Sfu.Load.Media;

namespace Sfu.Load.Publishing;

/// <summary>RTCP from the server on the publisher connection: keyframe requests, NACKs, congestion feedback, reports.</summary>
public sealed partial class PublisherMedia
{
    public void OnRtcp(PeerConnection peer, ReadOnlySpan<byte> compound, long nowUs)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.PayloadFeedback when header.Format == (int)PayloadFeedbackFormat.PictureLossIndication:
                    if (PictureLossIndication.TryParse(packet, out var pli) == RtcpParseError.None)
                    {
                        Counters.PlisReceived++;
                        RequestKeyframe(pli.MediaSsrc);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when header.Format == (int)PayloadFeedbackFormat.FullIntraRequest:
                    if (FullIntraRequest.TryParse(packet, out var fir) == RtcpParseError.None)
                    {
                        Counters.FirsReceived++;
                        for (int i = 0; i < fir.EntryCount; i++)
                        {
                            RequestKeyframe(fir.GetEntry(i).Ssrc);
                        }
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when header.Format == (int)PayloadFeedbackFormat.ApplicationLayerFeedback:
                    Counters.RembsReceived++;
                    break;
                case RtcpPacketType.TransportFeedback when header.Format == (int)RtpFeedbackFormat.GenericNack:
                    Counters.NacksReceived++;
                    break;
                case RtcpPacketType.TransportFeedback when header.Format == (int)RtpFeedbackFormat.TransportWideCc:
                    Counters.TransportFeedbackReceived++;
                    break;
                case RtcpPacketType.ReceiverReport:
                    Counters.ReceiverReportsReceived++;
                    break;
            }
        }
    }

    private void RequestKeyframe(uint ssrc)
    {
        foreach (var layer in Layers)
        {
            if (layer.Ssrc == ssrc)
            {
                layer.RequestKeyframe();
            }
        }
    }
}
