using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// SSRC binding: which track and simulcast layer (rid index) each SSRC of the transport carries, from the offer's
/// <c>a=ssrc</c> lines and FID groups, or learned from the <c>sdes:mid</c>, <c>rtp-stream-id</c> and
/// <c>repaired-rtp-stream-id</c> header extensions (Chromium's simulcast declares no SSRCs). The table is bounded
/// however long the transport lives: at most <see cref="MaxLearnedSsrcs"/> learned SSRCs in use, the last
/// <see cref="MaxRetiredSsrcs"/> SSRCs a stream moved away from, and the declared ones of the tracks published now.
/// </summary>
internal sealed partial class PublisherEndpoint
{
    /// <summary>Most learned SSRCs in use at once per transport; a new one beyond is dropped unlearned.</summary>
    public const int MaxLearnedSsrcs = 64;

    /// <summary>
    /// SSRCs a stream moved away from, kept (most recent first) so that their stragglers are dropped instead of
    /// moving the stream back.
    /// </summary>
    public const int MaxRetiredSsrcs = 16;

    private readonly Dictionary<uint, SsrcBinding> _bindings = new();
    private readonly Queue<(uint Ssrc, SsrcBinding Binding)> _retired = new();
    private readonly List<uint> _unbindScratch = [];
    private int _learnedCount;

    /// <summary>Learned SSRCs in use (declared and retired ones not counted).</summary>
    public int LearnedSsrcCount => _learnedCount;

    /// <summary>SSRCs bound on the transport now (in use, declared or retired).</summary>
    public int BoundSsrcCount => _bindings.Count;

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
            _bindings.Remove(ssrc, out SsrcBinding? binding);
            if (binding!.IsLearned && !binding.Retired)
            {
                _learnedCount--;
            }
        }

        for (int i = _retired.Count; i > 0; i--)
        {
            var retired = _retired.Dequeue();
            if (retired.Binding.Track != track)
            {
                _retired.Enqueue(retired); // the removed track's are gone with it
            }
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
                binding = new SsrcBinding(track, receiver, isRtx: false, learned: true);
            }
            else
            {
                RtpStreamReceiver? repaired = FindByRid(track, packet, header, track.ExtensionIds.RepairedRtpStreamId);
                if (repaired is null)
                {
                    return null;
                }

                binding = new SsrcBinding(track, repaired, isRtx: true, learned: true);
            }
        }
        else
        {
            binding = new SsrcBinding(track, track.Receiver(RidIndex.Single), track.PayloadTypes[header.PayloadType].IsRtx, learned: true);
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
        if (receiver.HasSsrc && receiver.Ssrc != ssrc && _bindings.TryGetValue(receiver.Ssrc, out SsrcBinding? old) && !old.Retired)
        {
            Retire(receiver.Ssrc, old);
        }

        receiver.Bind(ssrc);
    }

    /// <summary>Marks a binding stale (its packets are dropped) and forgets the oldest retired one beyond the bound.</summary>
    private void Retire(uint ssrc, SsrcBinding binding)
    {
        binding.Retired = true;
        if (binding.IsLearned)
        {
            _learnedCount--;
        }

        _retired.Enqueue((ssrc, binding));
        if (_retired.Count > MaxRetiredSsrcs)
        {
            var (oldest, oldBinding) = _retired.Dequeue();
            if (_bindings.TryGetValue(oldest, out SsrcBinding? current) && current == oldBinding)
            {
                _bindings.Remove(oldest);
            }
        }
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
