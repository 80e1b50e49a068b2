using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>RTP from publishers: find the track and layer by SSRC (learning new SSRCs from MID/RID), receive, fan out.</summary>
public sealed partial class RoomRouter
{
    /// <summary>
    /// A decrypted RTP packet from <paramref name="from"/>, in the first <paramref name="length"/> bytes of
    /// <paramref name="buffer"/> (read only: the rewritten copies go into the router's own scratch buffer).
    /// Unknown SSRCs and payload types are dropped and counted. Every packet's transport-wide sequence number is
    /// recorded for transport-cc feedback. RTX repairing a packet the stream is missing is received as that packet;
    /// other RTX (Chromium's bandwidth probes, copies of packets already received) is counted and dropped.
    /// </summary>
    public void OnRtp(IRtpPacketSink from, Span<byte> buffer, int length, in RtpHeader header)
    {
        ReadOnlySpan<byte> packet = buffer.Slice(0, length);
        if (!_publishers.TryGetValue(from, out PublisherTransport? publisher))
        {
            Metrics.Dropped(DropReason.UnknownSsrc);
            return;
        }

        long now = _time.GetTimestamp();
        RecordArrival(publisher, packet, header, now);
        SsrcBinding? binding = Resolve(publisher, packet, header);
        if (binding is null)
        {
            Metrics.Dropped(DropReason.UnknownSsrc);
            return;
        }

        PublishedTrack track = binding.Track;
        PayloadTypeInfo payloadType = track.PayloadTypes[header.PayloadType];
        if (binding.IsRtx || payloadType.IsRtx)
        {
            OnRtx(binding, packet, header, now);
            return;
        }

        OnMedia(track, binding.Receiver!, payloadType, packet, header, now);
    }

    /// <summary>A media packet of a known stream (or one restored from RTX): receive it and fan it out.</summary>
    private void OnMedia(PublishedTrack track, RtpStreamReceiver receiver, PayloadTypeInfo payloadType, ReadOnlySpan<byte> packet, scoped in RtpHeader header, long now)
    {
        if (!payloadType.IsKnown)
        {
            Metrics.Dropped(DropReason.UnknownPayloadType);
            return;
        }

        if (RtpHeader.FixedHeaderLength + (header.CsrcCount * 4) + header.PayloadLength + DownTrack.MaxRewriteGrowth > _rtpScratch.Length)
        {
            Metrics.Dropped(DropReason.Oversized); // larger than any path MTU: no subscriber could take it anyway
            return;
        }

        bool hasPayload = header.PayloadLength > 0;
        bool keyframe = hasPayload && track.Kind == MediaKind.Video && CodecMapping.IsKeyframe(payloadType.Family, header.GetPayload(packet));
        long extended = receiver.OnPacket(header, packet.Length, payloadType.ClockRate, keyframe, now);
        Metrics.MediaReceived(track.Kind == MediaKind.Video, packet.Length);
        if (hasPayload)
        {
            track.LayerLastPacket[receiver.Layer] = now; // padding keeps no layer alive
        }

        if (keyframe)
        {
            OnKeyframe(track, receiver, payloadType.Family, header.GetPayload(packet));
        }

        if (track.DownTracks.Count == 0)
        {
            return;
        }

        var incoming = new IncomingPacket
        {
            Packet = packet,
            Header = header,
            ExtendedSequenceNumber = extended,
            Layer = receiver.Layer,
            IsKeyframe = keyframe,
            Now = now,
        };
        track.FindCopiedExtensions(ref incoming);
        track.Forward(incoming, _rtpScratch);
    }

    /// <summary>The binding of the packet's SSRC; learns new SSRCs from the MID and RID header extensions.</summary>
    private static SsrcBinding? Resolve(PublisherTransport publisher, ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        if (!publisher.Bindings.TryGetValue(header.Ssrc, out SsrcBinding? binding))
        {
            return Learn(publisher, packet, header);
        }

        if (binding.Retired)
        {
            return null;
        }

        if (binding.IsRtx)
        {
            return binding;
        }

        if (binding.Receiver is null)
        {
            // A declared SSRC of a simulcast track: its layer comes from the rid.
            int layer = FindLayer(binding.Track, packet, header, binding.Track.ExtensionIds.RtpStreamId);
            if (layer < 0)
            {
                return null;
            }

            binding.Receiver = binding.Track.Layer(layer);
        }

        if (!binding.Receiver.HasSsrc || binding.Receiver.Ssrc != header.Ssrc)
        {
            MoveLayer(publisher, binding.Receiver, header.Ssrc);
        }

        return binding;
    }

    /// <summary>
    /// Places a new SSRC: the track by <c>sdes:mid</c>, then the layer by <c>rtp-stream-id</c>, or the RTX of a layer
    /// by <c>repaired-rtp-stream-id</c> (or an RTX payload type without simulcast). Null when it cannot be placed.
    /// </summary>
    private static SsrcBinding? Learn(PublisherTransport publisher, ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        if (publisher.LearnedCount >= PublisherTransport.MaxLearnedSsrcs || !header.HasExtension)
        {
            return null;
        }

        PublishedTrack? track = FindTrackByMid(publisher, packet, header);
        if (track is null)
        {
            return null;
        }

        SsrcBinding binding;
        if (track.IsSimulcast)
        {
            int layer = FindLayer(track, packet, header, track.ExtensionIds.RtpStreamId);
            if (layer >= 0)
            {
                binding = new SsrcBinding(track, track.Layer(layer), isRtx: false);
            }
            else
            {
                int repaired = FindLayer(track, packet, header, track.ExtensionIds.RepairedRtpStreamId);
                if (repaired < 0)
                {
                    return null;
                }

                binding = new SsrcBinding(track, track.Layer(repaired), isRtx: true);
            }
        }
        else
        {
            binding = new SsrcBinding(track, track.Layer(0), track.PayloadTypes[header.PayloadType].IsRtx);
        }

        if (binding.IsRtx)
        {
            binding.Receiver!.RtxSsrc = header.Ssrc;
        }
        else
        {
            MoveLayer(publisher, binding.Receiver!, header.Ssrc);
        }

        publisher.Bindings[header.Ssrc] = binding;
        publisher.LearnedCount++;
        return binding;
    }

    /// <summary>The layer now arrives on <paramref name="ssrc"/>; the SSRC it used before is retired.</summary>
    private static void MoveLayer(PublisherTransport publisher, RtpStreamReceiver receiver, uint ssrc)
    {
        if (receiver.HasSsrc && receiver.Ssrc != ssrc && publisher.Bindings.TryGetValue(receiver.Ssrc, out SsrcBinding? old))
        {
            old.Retired = true;
        }

        receiver.Bind(ssrc);
    }

    private static PublishedTrack? FindTrackByMid(PublisherTransport publisher, ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        foreach (PublishedTrack track in publisher.Tracks)
        {
            int id = track.ExtensionIds.Mid;
            if (id != 0 && RtpHeaderExtensions.TryFind(packet, header, id, out ReadOnlySpan<byte> mid) && mid.SequenceEqual(track.MidBytes))
            {
                return track;
            }
        }

        return null;
    }

    private static int FindLayer(PublishedTrack track, ReadOnlySpan<byte> packet, scoped in RtpHeader header, int extensionId)
    {
        if (extensionId == 0 || !RtpHeaderExtensions.TryFind(packet, header, extensionId, out ReadOnlySpan<byte> rid))
        {
            return -1;
        }

        return track.FindLayer(rid);
    }
}
