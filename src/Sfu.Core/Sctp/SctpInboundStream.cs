namespace Sfu.Core.Sctp;

/// <summary>Receive state of one stream: the next ordered sequence number and the ordered fragments held, by TSN.</summary>
internal sealed class SctpInboundStream
{
    public ushort NextSsn { get; set; }

    /// <summary>Ordered fragments not yet deliverable, ascending TSN.</summary>
    public List<SctpInboundFragment> Held { get; } = new(4);
}
