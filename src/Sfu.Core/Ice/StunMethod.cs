namespace Sfu.Core.Ice;

/// <summary>
/// STUN methods (12 bits, RFC 8489 section 18.2 and the TURN methods of RFC 8656).
/// Only <see cref="Binding"/> is used by ICE; the others are listed so parsed messages name them.
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001): connectivity checks and consent freshness.</summary>
    Binding = 0x001,

    /// <summary>TURN Allocate (0x003).</summary>
    Allocate = 0x003,

    /// <summary>TURN Refresh (0x004).</summary>
    Refresh = 0x004,

    /// <summary>TURN Send (0x006).</summary>
    Send = 0x006,

    /// <summary>TURN Data (0x007).</summary>
    Data = 0x007,

    /// <summary>TURN CreatePermission (0x008).</summary>
    CreatePermission = 0x008,

    /// <summary>TURN ChannelBind (0x009).</summary>
    ChannelBind = 0x009,
}
