namespace Sfu.Core.Sdp;

/// <summary>
/// a=simulcast (RFC 8853 5.1): <c>a=simulcast:send h;m;l [recv ...]</c>. Each list is ';'-separated streams
/// of ','-separated alternative rids; a leading '~' marks a paused rid.
/// </summary>
public sealed class Simulcast
{
    /// <summary>Streams this side sends; empty when there is no send list.</summary>
    public List<SimulcastStream> Send { get; } = [];

    /// <summary>Streams this side receives; empty when there is no recv list.</summary>
    public List<SimulcastStream> Recv { get; } = [];

    /// <summary>Every rid id of a list, in order (all alternatives flattened).</summary>
    public static IEnumerable<string> RidIds(IEnumerable<SimulcastStream> streams) =>
        streams.SelectMany(s => s.Alternatives).Select(a => a.Id);

    /// <summary>The value after "a=simulcast:".</summary>
    public override string ToString()
    {
        var parts = new List<string>(2);
        if (Send.Count > 0)
        {
            parts.Add("send " + string.Join(';', Send));
        }

        if (Recv.Count > 0)
        {
            parts.Add("recv " + string.Join(';', Recv));
        }

        return string.Join(' ', parts);
    }
}
