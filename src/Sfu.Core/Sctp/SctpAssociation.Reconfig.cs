namespace Sfu.Core.Sctp;

/// <summary>Stream reset (RFC 6525, how a data channel closes): the public entry and what <see cref="SctpStreamReset"/> asks of the association.</summary>
public sealed partial class SctpAssociation
{
    private readonly SctpStreamReset _streamReset;

    /// <summary>
    /// Resets our outgoing <paramref name="streamIds"/> (closing their data channels): what is queued on them is sent
    /// first, then an Outgoing SSN Reset Request; <see cref="ISctpAssociationListener.OnSctpOutgoingStreamsReset"/> reports
    /// the peer's answer. Sends on those streams fail until then. False when not established.
    /// </summary>
    public bool ResetStreams(ReadOnlySpan<ushort> streamIds)
    {
        if (State != SctpAssociationState.Established)
        {
            return false;
        }

        _streamReset.Request(streamIds);
        if (_processing == 0)
        {
            Flush(_clock());
        }

        return true;
    }

    internal ISctpAssociationListener Listener => _listener;

    /// <summary>The last TSN we assigned (a reset request's Sender's Last Assigned TSN).</summary>
    internal uint LastAssignedTsn => _sendQueue.NextTsn - 1;

    /// <summary>The peer's cumulative TSN we have received up to.</summary>
    internal uint ReceivedCumulativeTsn => _tsns.Cumulative;

    /// <summary>Whether data on any of <paramref name="streams"/> is still queued, not yet sent.</summary>
    internal bool PendingDataOn(List<ushort> streams) => _sendQueue.PendingDataOn(streams);

    /// <summary>An outgoing stream was reset: its next message starts again at sequence number 0.</summary>
    internal void ForgetOutboundSequence(ushort streamId) => _sendQueue.ForgetOutboundSequence(streamId);
}
