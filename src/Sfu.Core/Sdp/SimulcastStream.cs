namespace Sfu.Core.Sdp;

/// <summary>
/// One simulcast stream of an a=simulcast list (RFC 8853 5.1): the ','-separated alternative rids between two ';'.
/// Browsers write one alternative per stream ("h;m;l").
/// </summary>
public sealed class SimulcastStream
{
    public SimulcastStream()
    {
    }

    public SimulcastStream(params SimulcastRid[] alternatives) => Alternatives.AddRange(alternatives);

    public List<SimulcastRid> Alternatives { get; } = [];

    public override string ToString() => string.Join(',', Alternatives);
}
