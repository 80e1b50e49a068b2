using System.Runtime.InteropServices;

namespace Sfu.Core.Forwarding;

/// <summary>
/// What a down-track remembers of one packet it sent, to rebuild it exactly for a retransmission: which received packet
/// it was (receive stream and extended sequence number, to find it in that stream's <see cref="ReceivedPacketRing"/>)
/// and what the down-track rewrote in it (outgoing sequence number, timestamp and payload type, the VP8 picture ID and
/// TL0PICIDX). The header extensions that differ per subscriber (transport-wide sequence number, abs-send-time, mid)
/// are written afresh; those copied from the publisher come from the received packet. Also the resend bookkeeping.
/// 20 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct SentPacketRecord
{
    /// <summary>The low 32 bits of the received packet's extended sequence number.</summary>
    public uint SourceSequence;

    /// <summary>The outgoing RTP timestamp.</summary>
    public uint Timestamp;

    /// <summary>The outgoing sequence number (the map's key, kept to tell a slot's packet from an older one).</summary>
    public ushort Sequence;

    /// <summary>The outgoing VP8 picture ID, when <see cref="HasVp8Rewrite"/>.</summary>
    public ushort PictureId;

    /// <summary>The receive stream the packet came from (a <see cref="Forwarding.RidIndex"/>).</summary>
    public byte RidIndex;

    /// <summary>The subscriber's payload type it was sent with.</summary>
    public byte PayloadType;

    /// <summary>The outgoing VP8 TL0PICIDX, when <see cref="HasVp8Rewrite"/>.</summary>
    public byte Tl0PicIdx;

    /// <summary>Bit 0: in use; bit 1: VP8 fields rewritten; bits 4-7: resends so far.</summary>
    public byte State;

    /// <summary>When it was last resent, in milliseconds of the room's clock (wrapping).</summary>
    public uint LastResendMs;

    public readonly bool InUse => (State & 1) != 0;

    public readonly bool HasVp8Rewrite => (State & 2) != 0;

    public readonly int Resends => State >> 4;
}
