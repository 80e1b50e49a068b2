namespace Sfu.Core.Rtcp;

/// <summary>SDES item types (RFC 3550 section 6.5).</summary>
public enum SdesItemType : byte
{
    /// <summary>End of the item list of a chunk.</summary>
    End = 0,

    /// <summary>Canonical end-point identifier.</summary>
    Cname = 1,

    /// <summary>User name.</summary>
    Name = 2,

    /// <summary>Electronic mail address.</summary>
    Email = 3,

    /// <summary>Phone number.</summary>
    Phone = 4,

    /// <summary>Geographic user location.</summary>
    Location = 5,

    /// <summary>Application or tool name.</summary>
    Tool = 6,

    /// <summary>Notice/status.</summary>
    Note = 7,

    /// <summary>Private extensions.</summary>
    Private = 8,

    /// <summary>RTP stream identifier (RFC 8852).</summary>
    RtpStreamId = 12,

    /// <summary>Repaired RTP stream identifier (RFC 8852).</summary>
    RepairedRtpStreamId = 13,

    /// <summary>Media identification (RFC 9143).</summary>
    Mid = 15,
}
