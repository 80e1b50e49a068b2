using Sfu.Core.Srtp.Crypto;

namespace Sfu.Core.Srtp;

/// <summary>
/// One direction of one DTLS-SRTP session: protects what we send with our keys, or unprotects what we receive with
/// the remote's keys (RFC 3711, RFC 7714), in place and without allocating per packet. Keeps per-SSRC state (sending
/// ROC and SRTCP index, receiving replay windows), created when an SSRC is first protected or first authenticated,
/// capped at <see cref="MaxSsrcCount"/>, and dropped with <see cref="RemoveSsrc"/> when its stream ends.
/// </summary>
/// <remarks>
/// Not thread-safe: one context is used by one thread at a time (the caller serializes). Every packet-path method
/// returns an <see cref="SrtpError"/> instead of throwing; exceptions mean a programming error (bad argument,
/// disposed context).
/// </remarks>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Default cap on the number of SSRCs one context tracks.</summary>
    public const int DefaultMaxSsrcCount = 256;

    /// <summary>Default replay window size in packets.</summary>
    public const int DefaultReplayWindowSize = 128;

    /// <summary>Smallest replay window accepted (RFC 3711 section 3.3.2 requires at least 64).</summary>
    public const int MinReplayWindowSize = 64;

    /// <summary>Largest replay window accepted (half the sequence-number space keeps index estimation unambiguous).</summary>
    public const int MaxReplayWindowSize = 32768;

    private readonly SrtpTransform _transform;
    private readonly SrtpSsrcTable _ssrcs;
    private readonly int _rtpTagLength;
    private readonly int _rtcpTrailerLength;
    private bool _disposed;

    /// <summary>Creates a context from the DTLS-SRTP master key and salt, deriving the session keys (kdr = 0).</summary>
    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="masterKey">Master key, <see cref="SrtpProfileExtensions.MasterKeyLength"/> bytes.</param>
    /// <param name="masterSalt">Master salt, <see cref="SrtpProfileExtensions.MasterSaltLength"/> bytes.</param>
    /// <param name="backend">Crypto backend; null picks <see cref="SrtpCryptoBackendDefaults.For"/>.</param>
    /// <param name="replayWindowSize">Replay window in packets, per SSRC, for SRTP and for SRTCP.</param>
    /// <param name="maxSsrcCount">How many SSRCs this context tracks before rejecting new ones with <see cref="SrtpError.TooManySsrcs"/>.</param>
    public SrtpContext(
        SrtpProfile profile,
        ReadOnlySpan<byte> masterKey,
        ReadOnlySpan<byte> masterSalt,
        SrtpCryptoBackend? backend = null,
        int replayWindowSize = DefaultReplayWindowSize,
        int maxSsrcCount = DefaultMaxSsrcCount)
        : this(profile, DeriveKeys(profile, masterKey, masterSalt), backend, replayWindowSize, maxSsrcCount)
    {
    }

    private SrtpContext(
        SrtpProfile profile,
        (SrtpSessionKeys Rtp, SrtpSessionKeys Rtcp) keys,
        SrtpCryptoBackend? backend,
        int replayWindowSize,
        int maxSsrcCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replayWindowSize, MinReplayWindowSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replayWindowSize, MaxReplayWindowSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSsrcCount, 1);

        SrtpCryptoBackend chosen = backend ?? SrtpCryptoBackendDefaults.For(profile);
        SrtpCryptoFactory.EnsureAvailable(chosen);

        Profile = profile;
        Backend = chosen;
        ReplayWindowSize = replayWindowSize;
        _transform = profile switch
        {
            SrtpProfile.AesCm128HmacSha1_80 => new SrtpAesCmHmacTransform(keys.Rtp, keys.Rtcp, chosen),
            SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => new SrtpAeadGcmTransform(keys.Rtp, keys.Rtcp, chosen),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
        };
        _rtpTagLength = _transform.RtpTagLength;
        _rtcpTrailerLength = _transform.RtcpTrailerLength;
        _ssrcs = new SrtpSsrcTable(maxSsrcCount, replayWindowSize);
    }

    /// <summary>The protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>The crypto backend in use.</summary>
    public SrtpCryptoBackend Backend { get; }

    /// <summary>Replay window size in packets.</summary>
    public int ReplayWindowSize { get; }

    /// <summary>Cap on tracked SSRCs.</summary>
    public int MaxSsrcCount => _ssrcs.MaxCount;

    /// <summary>SSRCs tracked now.</summary>
    public int SsrcCount => _ssrcs.Count;

    /// <summary>Removed SSRCs remembered so that they are not used again under these keys (at most <see cref="MaxSsrcCount"/>).</summary>
    public int RetiredSsrcCount => _ssrcs.RetiredCount;

    /// <summary>
    /// Drops the state of <paramref name="ssrc"/> (its stream ended), freeing its place under <see cref="MaxSsrcCount"/>.
    /// The SSRC is retired: protecting or unprotecting it again returns <see cref="SrtpError.SsrcRetired"/>, because its
    /// index would start over under the same keys (RFC 3711 section 9.1: an index must never be reused with a key).
    /// The last <see cref="MaxSsrcCount"/> removed SSRCs are remembered. Returns false when it had no state. Not for the
    /// packet path (may allocate).
    /// </summary>
    public bool RemoveSsrc(uint ssrc)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ssrcs.Remove(ssrc);
    }

    /// <summary>Bytes SRTP appends to an RTP packet (the authentication tag).</summary>
    public int RtpOverhead => _rtpTagLength;

    /// <summary>Bytes SRTCP appends to an RTCP packet (E flag + SRTCP index, and the tag).</summary>
    public int RtcpOverhead => _rtcpTrailerLength;

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transform.Dispose();
        }
    }

    /// <summary>Test hook: a context keyed directly with session keys (the RFC 7714 vectors give session keys).</summary>
    internal static SrtpContext CreateWithSessionKeys(
        SrtpProfile profile,
        SrtpSessionKeys rtpKeys,
        SrtpSessionKeys rtcpKeys,
        SrtpCryptoBackend backend,
        int replayWindowSize = DefaultReplayWindowSize)
        => new(profile, (rtpKeys, rtcpKeys), backend, replayWindowSize, DefaultMaxSsrcCount);

    /// <summary>Test hook: sets the SRTCP index the next protected RTCP packet of <paramref name="ssrc"/> carries.</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint index)
    {
        SrtpSsrcState state = _ssrcs.FindOrAdd(ssrc) ?? throw new InvalidOperationException("SSRC table full.");
        state.NextSrtcpIndex = index;
    }

    /// <summary>Test hook: the ROC of the highest SRTP index sent for <paramref name="ssrc"/>.</summary>
    internal bool TryGetSendRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        SrtpSsrcState? state = _ssrcs.Find(ssrc);
        rolloverCounter = state is { HasSentRtp: true } ? (uint)(state.HighestSentRtpIndex >> 16) : 0;
        return state is { HasSentRtp: true };
    }

    /// <summary>Test hook: the highest SRTP index received for <paramref name="ssrc"/>.</summary>
    internal bool TryGetHighestReceivedIndex(uint ssrc, out ulong index)
    {
        SrtpSsrcState? state = _ssrcs.Find(ssrc);
        index = state is { RtpReplay.HasAccepted: true } ? state.RtpReplay.Highest : 0;
        return state is { RtpReplay.HasAccepted: true };
    }

    private static (SrtpSessionKeys Rtp, SrtpSessionKeys Rtcp) DeriveKeys(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        if (masterKey.Length != keyLength)
        {
            throw new ArgumentException($"{profile} needs a {keyLength}-byte master key, got {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"{profile} needs a {saltLength}-byte master salt, got {masterSalt.Length}.", nameof(masterSalt));
        }

        return (SrtpSessionKeys.Derive(profile, masterKey, masterSalt, rtcp: false),
                SrtpSessionKeys.Derive(profile, masterKey, masterSalt, rtcp: true));
    }
}
