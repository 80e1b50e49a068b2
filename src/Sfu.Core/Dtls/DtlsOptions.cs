using Sfu.Core.Srtp;

namespace Sfu.Core.Dtls;

/// <summary>Settings of a <see cref="DtlsTransport"/>.</summary>
public sealed class DtlsOptions
{
    /// <summary>The smallest MTU OpenSSL's DTLS accepts for handshake fragmentation, with margin.</summary>
    public const int MinimumMtu = 256;

    /// <summary>Default options: MTU 1200, AEAD-AES-128-GCM first, 30 s handshake timeout.</summary>
    public static DtlsOptions Default { get; } = new();

    /// <summary>Largest datagram the transport emits (whole DTLS records), default 1200 bytes.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>
    /// SRTP profiles we offer, best first. As the server our order decides; as the client the peer's does.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.AesCm128HmacSha1_80];

    /// <summary>Time from <see cref="DtlsTransport.Start"/> to <see cref="DtlsState.Connected"/> before failing with <see cref="DtlsFailure.Timeout"/>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First retransmission timeout of a handshake flight; it doubles on each retransmission up to
    /// <see cref="MaxRetransmitTimeout"/>. RFC 6347 suggests 1 s; WebRTC peers are already ICE-connected, so
    /// the default is shorter.
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of the doubling retransmission timeout.</summary>
    public static TimeSpan MaxRetransmitTimeout { get; } = TimeSpan.FromSeconds(8);

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range (a programming error).</summary>
    public void Validate()
    {
        if (Mtu < MinimumMtu || Mtu > 65_507)
        {
            throw new ArgumentOutOfRangeException(nameof(Mtu), Mtu, $"MTU must be between {MinimumMtu} and 65507.");
        }

        if (SrtpProfiles is null || SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP profile is required.", nameof(SrtpProfiles));
        }

        for (int i = 0; i < SrtpProfiles.Count; i++)
        {
            _ = SrtpProfiles[i].OpenSslName(); // throws for an undefined value
            for (int j = 0; j < i; j++)
            {
                if (SrtpProfiles[j] == SrtpProfiles[i])
                {
                    throw new ArgumentException($"SRTP profile {SrtpProfiles[i]} is listed twice.", nameof(SrtpProfiles));
                }
            }
        }

        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "Must be positive.");
        }

        if (InitialRetransmitTimeout < TimeSpan.FromMilliseconds(1) || InitialRetransmitTimeout > MaxRetransmitTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRetransmitTimeout), InitialRetransmitTimeout, "Must be between 1 ms and MaxRetransmitTimeout.");
        }
    }

    /// <summary>The colon-separated OpenSSL profile list, e.g. "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80".</summary>
    internal string OpenSslProfileList()
    {
        var names = new string[SrtpProfiles.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = SrtpProfiles[i].OpenSslName();
        }

        return string.Join(':', names);
    }
}
