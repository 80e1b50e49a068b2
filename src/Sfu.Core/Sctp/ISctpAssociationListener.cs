namespace Sfu.Core.Sctp;

/// <summary>
/// What an <see cref="SctpAssociation"/> tells its owner, synchronously on the owner's thread. Spans are valid only
/// during the call. Every callback may call back into the association (send, reset streams), except
/// <see cref="OnSctpSendPacket"/>, which must only hand the packet on.
/// </summary>
public interface ISctpAssociationListener
{
    /// <summary>Send one SCTP packet (as one DTLS record).</summary>
    void OnSctpSendPacket(ReadOnlySpan<byte> packet);

    void OnSctpStateChanged(SctpAssociationState state);

    /// <summary>A complete message, in order for ordered streams.</summary>
    void OnSctpMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> payload);

    /// <summary>The peer reset these incoming streams (RFC 6525): in WebRTC, it closed the data channels.</summary>
    void OnSctpIncomingStreamsReset(ReadOnlySpan<ushort> streamIds);

    /// <summary>Our reset of these outgoing streams was performed by the peer.</summary>
    void OnSctpOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds);

    /// <summary>A received packet or chunk was dropped (also counted in <see cref="SctpAssociation.Stats"/>).</summary>
    void OnSctpDropped(SctpDropReason reason);
}
