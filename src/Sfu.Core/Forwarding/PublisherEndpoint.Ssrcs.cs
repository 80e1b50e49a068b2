using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// SSRC binding: which track and simulcast layer (rid index) each SSRC of the transport carries, from the offer's
/// <c>a=ssrc</c> lines and FID groups, or learned from the <c>sdes:mid</c>, <c>rtp-stream-id</c> and
/// <c>repaired-rtp-stream-id</c> header extensions (Chromium's simulcast declares no SSRCs).
/// </summary>
internal sealed partial class PublisherEndpoint
{
    /// <summary>Most SSRCs learned from header extensions per transport; more are dropped unlearned.</summary>
    public const int MaxLearnedSsrcs = 64;

    private readonly Dictionary<uint, SsrcBinding> _bindings = new();
    private readonly List<uint> _unbindScratch = [];
    private int _learnedCount;

    /// <summary>SSRCs learned from packets (declared ones not counted).</summary>
    public int LearnedSsrcCount => _learnedCount;

    private void EnsureUnbound(uint ssrc, PublishedTrackParameters parameters)
    {
        if (_bindings.ContainsKey(ssrc))
        {
            throw new ArgumentException($"SSRC {ssrc} is already declared on this transport.", nameof(parameters));
        }
    }

    /// <summary>Binds the SSRCs the offer declared for the track (a=ssrc, FID pairs media → RTX).</summary>
    private void BindDeclared(PublishedTrack track)
    {
        PublishedTrackParameters parameters = track.Parameters;
        RtpStreamReceiver? single = track.IsSimulcast ? null : track.Receiver(RidIndex.Single);
        var rtxSsrcs = new HashSet<uint>(parameters.RtxSsrcs.Values);
        foreach (uint ssrc in parameters.DeclaredSsrcs)
        {
            if (!rtxSsrcs.Contains(ssrc))
            {
                _bindings.TryAdd(ssrc, new SsrcBinding(track, single, isRtx: false));
            }
        }

        foreach (var (media, rtx) in parameters.RtxSsrcs)
        {
            _bindings.TryAdd(media, new SsrcBinding(track, single, isRtx: false));
            _bindings[rtx] = new SsrcBinding(track, single, isRtx: true);
            if (single is not null)
            {
                single.RtxSsrc = rtx;
            }
        }
    }

    private void UnbindTrack(PublishedTrack track)
    {
        _unbindScratch.Clear();
        foreach (var (ssrc, binding) in _bindings)
        {
            if (binding.Track == track)
            {
                _unbindScratch.Add(ssrc);
            }
        }

        foreach (uint ssrc in _unbindScratch)
        {
            _bindings.Remove(ssrc);
        }
    }

    /// <summary>The binding of the packet's SSRC; learns new SSRCs from the MID and RID header extensions.</summary>
    private SsrcBinding? Resolve(ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        if (!_bindings.TryGetValue(header.Ssrc, out SsrcBinding? binding))
        {
            return Learn(packet, header);
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
            RtpStreamReceiver? receiver = FindByRid(binding.Track, packet, header, binding.Track.ExtensionIds.RtpStreamId);
            if (receiver is null)
            {
                return null;
            }

            binding.Receiver = receiver;
        }

        if (!binding.Receiver.HasSsrc || binding.Receiver.Ssrc != header.Ssrc)
        {
            MoveStream(binding.Receiver, header.Ssrc);
        }

        return binding;
    }

    /// <summary>
    /// Places a new SSRC: the track by <c>sdes:mid</c>, then the receive stream by <c>rtp-stream-id</c>, or the RTX of a
    /// stream by <c>repaired-rtp-stream-id</c> (or an RTX payload type without simulcast). Null when it cannot be placed.
    /// </summary>
    private SsrcBinding? Learn(ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        if (_learnedCount >= MaxLearnedSsrcs || !header.HasExtension)
        {
            return null;
        }

        PublishedTrack? track = FindTrackByMid(packet, header);
        if (track is null)
        {
            return null;
        }

        SsrcBinding binding;
        if (track.IsSimulcast)
        {
            RtpStreamReceiver? receiver = FindByRid(track, packet, header, track.ExtensionIds.RtpStreamId);
            if (receiver is not null)
            {
                binding = new SsrcBinding(track, receiver, isRtx: false);
            }
            else
            {
                RtpStreamReceiver? repaired = FindByRid(track, packet, header, track.ExtensionIds.RepairedRtpStreamId);
                if (repaired is null)
                {
                    return null;
                }

                binding = new SsrcBinding(track, repaired, isRtx: true);
            }
        }
        else
        {
            binding = new SsrcBinding(track, track.Receiver(RidIndex.Single), track.PayloadTypes[header.PayloadType].IsRtx);
        }

        if (binding.IsRtx)
        {
            binding.Receiver!.RtxSsrc = header.Ssrc;
        }
        else
        {
            MoveStream(binding.Receiver!, header.Ssrc);
        }

        _bindings[header.Ssrc] = binding;
        _learnedCount++;
        return binding;
    }

    /// <summary>The receive stream now arrives on <paramref name="ssrc"/>; the SSRC it used before is retired.</summary>
    private void MoveStream(RtpStreamReceiver receiver, uint ssrc)
    {
        if (receiver.HasSsrc && receiver.Ssrc != ssrc && _bindings.TryGetValue(receiver.Ssrc, out SsrcBinding? old))
        {
            old.Retired = true;
        }

        receiver.Bind(ssrc);
    }

    /// <summary>The receive stream the SSRC of a sender report is current for, or null.</summary>
    private RtpStreamReceiver? CurrentStreamOf(uint ssrc) =>
        _bindings.TryGetValue(ssrc, out SsrcBinding? binding)
        && !binding.IsRtx
        && !binding.Retired
        && binding.Receiver is { HasSsrc: true } receiver
        && receiver.Ssrc == ssrc
            ? receiver
            : null;

    private PublishedTrack? FindTrackByMid(ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        foreach (PublishedTrack track in _tracks)
        {
            int id = track.ExtensionIds.Mid;
            if (id != 0 && RtpHeaderExtensions.TryFind(packet, header, id, out ReadOnlySpan<byte> mid) && mid.SequenceEqual(track.MidBytes))
            {
                return track;
            }
        }

        return null;
    }

    /// <summary>The receive stream whose rid is the value of extension <paramref name="extensionId"/>, or null.</summary>
    private static RtpStreamReceiver? FindByRid(PublishedTrack track, ReadOnlySpan<byte> packet, scoped in RtpHeader header, int extensionId)
    {
        if (extensionId == 0 || !RtpHeaderExtensions.TryFind(packet, header, extensionId, out ReadOnlySpan<byte> rid))
        {
            return null;
        }

        return track.FindRid(rid) is { } index ? track.Receiver(index) : null;
    }
}
