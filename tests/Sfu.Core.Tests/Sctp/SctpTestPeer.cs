using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>One end of a <see cref="SctpTestLink"/>: an association and a record of what it reported.</summary>
internal sealed class SctpTestPeer : ISctpAssociationListener
{
    private readonly SctpTestLink _link;

    public SctpTestPeer(SctpTestLink link, int side, SctpOptions? options)
    {
        _link = link;
        Side = side;
        Association = new SctpAssociation(this, () => link.NowMs, options);
    }

    public int Side { get; }

    public SctpAssociation Association { get; }

    public List<(ushort Stream, uint Ppid, byte[] Payload)> Messages { get; } = [];

    public List<SctpAssociationState> States { get; } = [];

    public List<ushort> IncomingResets { get; } = [];

    public List<ushort> OutgoingResets { get; } = [];

    public List<SctpDropReason> Drops { get; } = [];

    /// <summary>When set, messages are only counted (for allocation measurements).</summary>
    public bool CountOnly { get; set; }

    public long MessageCount { get; private set; }

    public Action<ushort, uint, ReadOnlySpan<byte>>? OnMessage { get; set; }

    void ISctpAssociationListener.OnSctpSendPacket(ReadOnlySpan<byte> packet) => _link.Enqueue(Side, packet);

    void ISctpAssociationListener.OnSctpStateChanged(SctpAssociationState state) => States.Add(state);

    void ISctpAssociationListener.OnSctpMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> payload)
    {
        MessageCount++;
        if (!CountOnly)
        {
            Messages.Add((streamId, payloadProtocolId, payload.ToArray()));
        }

        OnMessage?.Invoke(streamId, payloadProtocolId, payload);
    }

    void ISctpAssociationListener.OnSctpIncomingStreamsReset(ReadOnlySpan<ushort> streamIds) => IncomingResets.AddRange(streamIds.ToArray());

    void ISctpAssociationListener.OnSctpOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds) => OutgoingResets.AddRange(streamIds.ToArray());

    void ISctpAssociationListener.OnSctpDropped(SctpDropReason reason) => Drops.Add(reason);
}
