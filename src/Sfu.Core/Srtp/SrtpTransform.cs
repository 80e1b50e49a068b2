namespace Sfu.Core.Srtp;

/// <summary>
/// The cryptographic half of one <see cref="SrtpContext"/>: given where the header ends and which packet index to
/// use, it encrypts and tags or verifies and decrypts in place. Header parsing, index estimation and replay state
/// stay in <see cref="SrtpContext"/>. Not thread-safe.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>Length of the authentication tag appended to SRTP packets.</summary>
    public abstract int RtpTagLength { get; }

    /// <summary>Bytes appended to SRTCP packets: the E flag + 31-bit index word and the tag.</summary>
    public int RtcpTrailerLength => SrtcpIndexLength + RtcpTagLength;

    /// <summary>Length of the authentication tag in SRTCP packets.</summary>
    public abstract int RtcpTagLength { get; }

    /// <summary>Size of the SRTCP "E flag | SRTCP index" word.</summary>
    public const int SrtcpIndexLength = 4;

    /// <summary>Offset of the E flag | SRTCP index word in a protected SRTCP packet of <paramref name="protectedLength"/> bytes.</summary>
    public abstract int SrtcpIndexOffset(int protectedLength);

    /// <summary>
    /// Encrypts <c>packet[headerLength..plainLength]</c> and writes the tag at <c>packet[plainLength..]</c>;
    /// <paramref name="packet"/> is exactly <c>plainLength + RtpTagLength</c> bytes. Ok, or
    /// <see cref="SrtpError.CryptoBackendFailure"/>.
    /// </summary>
    public abstract SrtpError ProtectRtp(Span<byte> packet, int headerLength, int plainLength, uint ssrc, ulong index);

    /// <summary>
    /// Verifies the tag at the end of <paramref name="packet"/> (the whole received datagram) and decrypts the payload
    /// in place. Ok, <see cref="SrtpError.AuthenticationFailed"/> or <see cref="SrtpError.CryptoBackendFailure"/>.
    /// </summary>
    public abstract SrtpError UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>
    /// Encrypts <c>packet[8..plainLength]</c>, and writes the E flag (set) with <paramref name="srtcpIndex"/> and the tag
    /// after it; <paramref name="packet"/> is exactly <c>plainLength + RtcpTrailerLength</c> bytes. Ok, or
    /// <see cref="SrtpError.CryptoBackendFailure"/>.
    /// </summary>
    public abstract SrtpError ProtectRtcp(Span<byte> packet, int plainLength, uint ssrc, uint srtcpIndex);

    /// <summary>
    /// Verifies the SRTCP tag and, when <paramref name="encrypted"/>, decrypts the payload in place. Ok,
    /// <see cref="SrtpError.AuthenticationFailed"/> or <see cref="SrtpError.CryptoBackendFailure"/>.
    /// </summary>
    public abstract SrtpError UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex, bool encrypted);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
