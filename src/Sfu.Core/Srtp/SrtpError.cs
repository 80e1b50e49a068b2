namespace Sfu.Core.Srtp;

/// <summary>
/// Outcome of an SRTP/SRTCP protect or unprotect call. Every reject path has its own value so the caller can count
/// drops by reason.
/// </summary>
public enum SrtpError
{
    /// <summary>The packet was protected or unprotected.</summary>
    Ok = 0,

    /// <summary>Shorter than the fixed RTP/RTCP header plus the SRTP/SRTCP trailer (tag, SRTCP index).</summary>
    TooShort,

    /// <summary>Not RTP/RTCP version 2, or the CSRC list or header extension runs past the packet.</summary>
    InvalidHeader,

    /// <summary>Protect: the buffer has no room after the packet for the authentication tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify: forged, corrupted, or protected with other keys.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received (replay window, RFC 3711 section 3.3.2).</summary>
    ReplayDuplicate,

    /// <summary>The packet index is older than the replay window (or before the start of the stream).</summary>
    ReplayTooOld,

    /// <summary>A new SSRC was seen while the context already tracks its maximum number of SSRCs.</summary>
    TooManySsrcs,

    /// <summary>
    /// The SSRC's state was removed (<see cref="SrtpContext.RemoveSsrc"/>): it cannot be used again under the same keys,
    /// where its index would start over (keystream reuse on protect, replays accepted on unprotect).
    /// </summary>
    SsrcRetired,

    /// <summary>
    /// Protect: the 48-bit SRTP index or the 31-bit SRTCP index is used up; RFC 3711 forbids reusing it under the
    /// same key, so the session has to be re-keyed.
    /// </summary>
    IndexExhausted,

    /// <summary>The crypto library reported an internal failure; the packet must be dropped (never expected).</summary>
    CryptoBackendFailure,
}
