namespace Sfu.Core.Ice;

/// <summary>
/// STUN attribute types (RFC 8489 section 18.3, RFC 8445 section 16.1, RFC 8656).
/// Types below 0x8000 are comprehension-required, 0x8000 and above comprehension-optional.
/// </summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (0x0001), the pre-RFC 5389 reflexive address.</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (0x0006). For ICE: "receiverUfrag:senderUfrag".</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (0x0008): HMAC-SHA1, 20 bytes.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (0x0009).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (0x000A).</summary>
    UnknownAttributes = 0x000A,

    /// <summary>TURN CHANNEL-NUMBER (0x000C).</summary>
    ChannelNumber = 0x000C,

    /// <summary>TURN LIFETIME (0x000D).</summary>
    Lifetime = 0x000D,

    /// <summary>TURN XOR-PEER-ADDRESS (0x0012).</summary>
    XorPeerAddress = 0x0012,

    /// <summary>TURN DATA (0x0013).</summary>
    Data = 0x0013,

    /// <summary>REALM (0x0014), long-term credentials.</summary>
    Realm = 0x0014,

    /// <summary>NONCE (0x0015), long-term credentials.</summary>
    Nonce = 0x0015,

    /// <summary>TURN XOR-RELAYED-ADDRESS (0x0016).</summary>
    XorRelayedAddress = 0x0016,

    /// <summary>MESSAGE-INTEGRITY-SHA256 (0x001C).</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>PASSWORD-ALGORITHM (0x001D).</summary>
    PasswordAlgorithm = 0x001D,

    /// <summary>USERHASH (0x001E).</summary>
    Userhash = 0x001E,

    /// <summary>XOR-MAPPED-ADDRESS (0x0020).</summary>
    XorMappedAddress = 0x0020,

    /// <summary>ICE PRIORITY (0x0024), 4 bytes.</summary>
    Priority = 0x0024,

    /// <summary>ICE USE-CANDIDATE (0x0025), empty.</summary>
    UseCandidate = 0x0025,

    /// <summary>PASSWORD-ALGORITHMS (0x8002).</summary>
    PasswordAlgorithms = 0x8002,

    /// <summary>ALTERNATE-DOMAIN (0x8003).</summary>
    AlternateDomain = 0x8003,

    /// <summary>SOFTWARE (0x8022).</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER (0x8023).</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT (0x8028): CRC-32 of the message XOR 0x5354554E, always last.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE ICE-CONTROLLED (0x8029), 8-byte tie-breaker.</summary>
    IceControlled = 0x8029,

    /// <summary>ICE ICE-CONTROLLING (0x802A), 8-byte tie-breaker.</summary>
    IceControlling = 0x802A,

    /// <summary>GOOG-NETWORK-INFO (0xC057), sent by libwebrtc in its checks; ignored.</summary>
    GoogNetworkInfo = 0xC057,
}
