namespace Sfu.Core.Sctp;

/// <summary>SCTP parameter types used in INIT, INIT ACK, HEARTBEAT and RE-CONFIG chunks.</summary>
public enum SctpParameterType : ushort
{
    HeartbeatInfo = 1,
    Ipv4Address = 5,
    Ipv6Address = 6,
    StateCookie = 7,
    UnrecognizedParameter = 8,
    CookiePreservative = 9,
    HostNameAddress = 11,
    SupportedAddressTypes = 12,

    /// <summary>RFC 6525 4.1.</summary>
    OutgoingSsnResetRequest = 13,

    /// <summary>RFC 6525 4.2.</summary>
    IncomingSsnResetRequest = 14,

    /// <summary>RFC 6525 4.3.</summary>
    SsnTsnResetRequest = 15,

    /// <summary>RFC 6525 4.4.</summary>
    ReconfigurationResponse = 16,

    /// <summary>RFC 6525 4.5.</summary>
    AddOutgoingStreamsRequest = 17,

    /// <summary>RFC 6525 4.6.</summary>
    AddIncomingStreamsRequest = 18,

    /// <summary>RFC 9653 (zero checksum).</summary>
    ZeroChecksumAcceptable = 0x8001,
    Random = 0x8002,
    ChunkList = 0x8003,
    RequestedHmacAlgorithm = 0x8004,
    Padding = 0x8005,

    /// <summary>RFC 5061 4.2.7.</summary>
    SupportedExtensions = 0x8008,

    /// <summary>RFC 3758 3.1.</summary>
    ForwardTsnSupported = 0xC000,
}
