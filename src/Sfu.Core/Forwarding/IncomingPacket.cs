using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// One publisher packet as every down-track of its track sees it: parsed once by the receive side (extended sequence
/// number, keyframe, receive stream, the header extension values that are copied), then rewritten per subscriber.
/// </summary>
internal ref struct IncomingPacket
{
    /// <summary>The whole packet (the worker's receive buffer; read only).</summary>
    public ReadOnlySpan<byte> Packet;

    public RtpHeader Header;

    public long ExtendedSequenceNumber;

    /// <summary>Its key in the receive stream's <see cref="ReceivedPacketRing"/> (see <see cref="RtpStreamReceiver.RetransmissionKey"/>).</summary>
    public long RetransmissionKey;

    /// <summary>The receive stream it came on (its position in the publisher's rid list; not a quality).</summary>
    public RidIndex RidIndex;

    /// <summary>The packet starts a keyframe (always false for audio).</summary>
    public bool IsKeyframe;

    /// <summary>Arrival time (TimeProvider timestamp).</summary>
    public long Now;

    public ExtensionRange AudioLevel;

    public ExtensionRange VideoOrientation;

    public ExtensionRange TransmissionOffset;

    public ExtensionRange PlayoutDelay;

    /// <summary>The value of a copied extension element.</summary>
    public readonly ReadOnlySpan<byte> Value(ExtensionRange range) => Packet.Slice(range.Offset, range.Length);
}
