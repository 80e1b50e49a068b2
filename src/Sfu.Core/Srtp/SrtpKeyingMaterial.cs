namespace Sfu.Core.Srtp;

/// <summary>
/// The keys a DTLS-SRTP handshake exports (RFC 5764 section 4.2): the client's and the server's
/// master key and master salt. Which pair protects what we send depends on our DTLS role.
/// </summary>
public sealed class SrtpKeyingMaterial
{
    public SrtpKeyingMaterial(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt)
    {
        Profile = profile;
        ClientKey = clientKey;
        ClientSalt = clientSalt;
        ServerKey = serverKey;
        ServerSalt = serverSalt;
    }

    public SrtpProfile Profile { get; }
    public byte[] ClientKey { get; }
    public byte[] ClientSalt { get; }
    public byte[] ServerKey { get; }
    public byte[] ServerSalt { get; }

    /// <summary>
    /// Splits the exporter output laid out as client_key | server_key | client_salt | server_salt.
    /// </summary>
    public static SrtpKeyingMaterial FromExporterOutput(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        int k = profile.MasterKeyLength(), s = profile.MasterSaltLength();
        if (material.Length < 2 * (k + s))
        {
            throw new ArgumentException($"Exporter output of {material.Length} bytes is too short for {profile}: need {2 * (k + s)}.", nameof(material));
        }

        return new SrtpKeyingMaterial(
            profile,
            material[..k].ToArray(),
            material.Slice(2 * k, s).ToArray(),
            material.Slice(k, k).ToArray(),
            material.Slice(2 * k + s, s).ToArray());
    }
}
