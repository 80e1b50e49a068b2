using Sfu.Core.ActiveSpeakers;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Forwarding;

/// <summary>One media packet of the track: received once by its stream, handed to every down-track. Allocates nothing.</summary>
public sealed partial class PublishedTrack
{
    /// <summary>
    /// A media packet of <paramref name="receiver"/>'s stream (or one restored from RTX), read only: the stream records
    /// it (sequence numbers, loss, jitter, keyframes), a keyframe may tell the layer's frame size, and every down-track
    /// gets the parsed packet.
    /// </summary>
    internal void Receive(RtpStreamReceiver receiver, PayloadTypeInfo payloadType, ReadOnlySpan<byte> packet, scoped in RtpHeader header, long now)
    {
        if (!payloadType.IsKnown)
        {
            _context.Metrics.Dropped(DropReason.UnknownPayloadType);
            return;
        }

        if (RtpHeader.FixedHeaderLength + (header.CsrcCount * 4) + header.PayloadLength + DownTrack.MaxRewriteGrowth > ForwardingContext.RtpScratchLength)
        {
            _context.Metrics.Dropped(DropReason.Oversized); // larger than any path MTU: no subscriber could take it anyway
            return;
        }

        bool hasPayload = header.PayloadLength > 0;
        bool keyframe = hasPayload && Kind == MediaKind.Video && CodecMapping.IsKeyframe(payloadType.Family, header.GetPayload(packet));
        long extended = receiver.OnPacket(header, packet.Length, payloadType.ClockRate, keyframe, now);
        _context.Metrics.MediaReceived(Kind == MediaKind.Video, packet.Length);
        if (keyframe)
        {
            OnKeyframe(receiver, payloadType.Family, header.GetPayload(packet));
        }

        long key = receiver.RetransmissionKey(extended);
        if (hasPayload)
        {
            receiver.Retransmissions?.Store(key, packet); // once for every down-track that may resend it
        }

        AudioLevelMeter? levelMeter = LevelMeter;
        if (_downTracks.Count == 0 && levelMeter is null)
        {
            return;
        }

        var incoming = new IncomingPacket
        {
            Packet = packet,
            Header = header,
            ExtendedSequenceNumber = extended,
            RetransmissionKey = key,
            RidIndex = receiver.RidIndex,
            IsKeyframe = keyframe,
            Now = now,
        };
        FindCopiedExtensions(ref incoming);
        if (levelMeter is not null && incoming.AudioLevel.Length > 0)
        {
            levelMeter.Add(packet[incoming.AudioLevel.Offset]);
        }

        Span<byte> scratch = _context.RtpScratch;
        for (int i = 0; i < _downTracks.Count; i++)
        {
            _downTracks[i].Forward(incoming, scratch);
        }
    }

    /// <summary>Notes where the copied header extensions' values are in the packet.</summary>
    internal void FindCopiedExtensions(ref IncomingPacket packet)
    {
        HeaderExtensionIds ids = ExtensionIds;
        if (!ids.HasCopiedExtensions || !packet.Header.HasExtension)
        {
            return;
        }

        foreach (RtpHeaderExtension element in RtpHeaderExtensions.Enumerate(packet.Packet, packet.Header))
        {
            var range = new ExtensionRange(element.ValueOffset, element.Value.Length);
            if (element.Id == ids.AudioLevel)
            {
                packet.AudioLevel = range;
            }
            else if (element.Id == ids.VideoOrientation)
            {
                packet.VideoOrientation = range;
            }
            else if (element.Id == ids.TransmissionOffset)
            {
                packet.TransmissionOffset = range;
            }
            else if (element.Id == ids.PlayoutDelay)
            {
                packet.PlayoutDelay = range;
            }
        }
    }

    /// <summary>A keyframe's first packet: learn the layer's frame size (VP8 carries it in every keyframe).</summary>
    private void OnKeyframe(RtpStreamReceiver receiver, CodecFamily family, ReadOnlySpan<byte> payload)
    {
        if (family != CodecFamily.Vp8
            || !Vp8PayloadDescriptor.TryReadKeyframeSize(payload, out int width, out int height)
            || (width == receiver.Width && height == receiver.Height))
        {
            return; // nothing new: most keyframes repeat the layer's size
        }

        if (OnFrameSize(receiver, width, height))
        {
            // The quality order changed: the down-tracks renumber the layer they forward.
            for (int i = 0; i < _downTracks.Count; i++)
            {
                _downTracks[i].OnLayerOrderChanged();
            }
        }
        else
        {
            for (int i = 0; i < _downTracks.Count; i++)
            {
                _downTracks[i].UpdatePreferenceCeiling(LayerChangeReason.Preference);
            }
        }
    }

    /// <summary>
    /// A keyframe showed a stream's frame size. Once every stream's size is known the spatial order follows the sizes
    /// (whatever the rid order was); true when that changed the order.
    /// </summary>
    private bool OnFrameSize(RtpStreamReceiver receiver, int width, int height)
    {
        if (!receiver.SetFrameSize(width, height) || _receivers.Length == 1)
        {
            return false;
        }

        Span<int> order = stackalloc int[_receivers.Length];
        for (int i = 0; i < order.Length; i++)
        {
            if (_receivers[i].Width == 0)
            {
                return false;
            }

            order[i] = i;
        }

        // Insertion sort of the rid indexes by area, ties in the current quality order (at most three layers).
        for (int i = 1; i < order.Length; i++)
        {
            int key = order[i];
            int j = i - 1;
            while (j >= 0 && Compare(order[j], key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = key;
        }

        bool changed = false;
        for (int quality = 0; quality < order.Length; quality++)
        {
            changed |= _ridOfQuality[quality] != order[quality];
            _ridOfQuality[quality] = order[quality];
            _qualityOfRid[order[quality]] = quality;
        }

        return changed;

        int Compare(int a, int b)
        {
            long areaA = (long)_receivers[a].Width * _receivers[a].Height;
            long areaB = (long)_receivers[b].Width * _receivers[b].Height;
            return areaA != areaB ? areaA.CompareTo(areaB) : _qualityOfRid[a].CompareTo(_qualityOfRid[b]);
        }
    }
}
