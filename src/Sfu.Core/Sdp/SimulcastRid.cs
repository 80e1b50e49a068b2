namespace Sfu.Core.Sdp;

/// <summary>One rid in an a=simulcast list (RFC 8853 5.1), paused when written with a leading '~'.</summary>
public sealed class SimulcastRid
{
    public SimulcastRid()
    {
    }

    public SimulcastRid(string id, bool paused = false)
    {
        Id = id;
        Paused = paused;
    }

    public string Id { get; set; } = "";

    public bool Paused { get; set; }

    public override string ToString() => Paused ? "~" + Id : Id;
}
