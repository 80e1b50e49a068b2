namespace Sfu.Core.Forwarding;

/// <summary>What <see cref="Vp8Munger"/> decided about a VP8 packet.</summary>
internal enum Vp8MungeAction
{
    /// <summary>Send it, after applying the <see cref="Vp8Rewrite"/> to the copied payload.</summary>
    Forward,

    /// <summary>
    /// A temporal layer above the chosen one: do not send it, and let it take no sequence number
    /// (<see cref="SequenceNumberMapper.Drop"/>); its picture ID takes no number either.
    /// </summary>
    DropTemporalLayer,

    /// <summary>The payload descriptor is malformed: drop the packet (and count it).</summary>
    Invalid,
}
