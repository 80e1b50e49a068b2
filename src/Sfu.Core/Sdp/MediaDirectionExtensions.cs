namespace Sfu.Core.Sdp;

/// <summary>Conversions between <see cref="MediaDirection"/> and its SDP spelling, and offer/answer arithmetic.</summary>
public static class MediaDirectionExtensions
{
    /// <summary>The attribute name: "sendrecv", "sendonly", "recvonly" or "inactive".</summary>
    public static string ToSdpString(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => "sendrecv",
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "unknown media direction"),
    };

    /// <summary>Parses a direction name (ordinal, case-sensitive as written by every WebRTC stack).</summary>
    public static bool TryParse(string? text, out MediaDirection direction)
    {
        switch (text)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = MediaDirection.Inactive; return false;
        }
    }

    /// <summary>True for sendrecv and sendonly.</summary>
    public static bool Sends(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    /// <summary>True for sendrecv and recvonly.</summary>
    public static bool Receives(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>The direction as seen from the other side: sendonly ↔ recvonly; sendrecv and inactive stay.</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    /// <summary>Builds a direction from its two halves.</summary>
    public static MediaDirection FromFlags(bool send, bool receive) => (send, receive) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    /// <summary>
    /// Restricts a wanted local direction to what the remote side allows (RFC 3264 6.1): we may only send
    /// what the remote receives and only receive what the remote sends.
    /// </summary>
    public static MediaDirection RestrictTo(this MediaDirection wanted, MediaDirection remote) =>
        FromFlags(wanted.Sends() && remote.Receives(), wanted.Receives() && remote.Sends());
}
