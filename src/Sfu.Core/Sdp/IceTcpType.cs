namespace Sfu.Core.Sdp;

/// <summary>The "tcptype" extension of a TCP candidate (RFC 6544 4.5).</summary>
public enum IceTcpType
{
    Active,
    Passive,

    /// <summary>"so": simultaneous open.</summary>
    SimultaneousOpen,
}
