namespace Sfu.Core.Ice;

/// <summary>The class of a STUN message (RFC 8489 section 5): the C1 and C0 bits of the message type.</summary>
public enum StunClass : byte
{
    /// <summary>0b00: a request, which expects a response.</summary>
    Request = 0,

    /// <summary>0b01: an indication, which gets no response.</summary>
    Indication = 1,

    /// <summary>0b10: a success response.</summary>
    SuccessResponse = 2,

    /// <summary>0b11: an error response (carries ERROR-CODE).</summary>
    ErrorResponse = 3,
}
