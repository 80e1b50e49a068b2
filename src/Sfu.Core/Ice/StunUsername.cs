namespace Sfu.Core.Ice;

/// <summary>
/// The ICE USERNAME convention (RFC 8445 section 7.2.2): a check carries "receiverUfrag:senderUfrag", so in a
/// request we receive the part before the colon is our own ufrag and the part after it the peer's.
/// </summary>
public static class StunUsername
{
    private const byte Separator = (byte)':';

    /// <summary>The part before the first ':' (our ufrag in a request we receive); false when there is no ':' or it is empty.</summary>
    public static bool TryGetLocalFragment(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> local)
    {
        int colon = username.IndexOf(Separator);
        if (colon <= 0)
        {
            local = default;
            return false;
        }

        local = username[..colon];
        return true;
    }

    /// <summary>The part after the first ':' (the peer's ufrag in a request we receive); false when there is no ':' or it is empty.</summary>
    public static bool TryGetRemoteFragment(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> remote)
    {
        int colon = username.IndexOf(Separator);
        if (colon < 0 || colon == username.Length - 1)
        {
            remote = default;
            return false;
        }

        remote = username[(colon + 1)..];
        return true;
    }
}
