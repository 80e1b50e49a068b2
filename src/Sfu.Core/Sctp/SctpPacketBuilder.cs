using System.Buffers.Binary;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// Writes one SCTP packet into a caller's buffer: the common header, then chunks (each padded to 4 bytes), then
/// <see cref="Finish"/> stamps the CRC32c. Every <c>TryAdd</c> returns false, writing nothing, when the chunk does
/// not fit; nothing allocates.
/// </summary>
public ref struct SctpPacketBuilder
{
    private readonly Span<byte> _buffer;
    private int _length;

    public SctpPacketBuilder(Span<byte> buffer, SctpPacketHeader header)
    {
        if (buffer.Length < SctpPacketHeader.Length + SctpChunk.HeaderLength)
        {
            throw new ArgumentException("The buffer cannot hold a packet.", nameof(buffer));
        }

        _buffer = buffer;
        header.Write(buffer);
        _length = SctpPacketHeader.Length;
        ChunkCount = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Room left for chunks (including their headers and padding).</summary>
    public readonly int Remaining => _buffer.Length - _length;

    public int ChunkCount { get; private set; }

    public readonly bool IsEmpty => ChunkCount == 0;

    /// <summary>Reserves a chunk with <paramref name="valueLength"/> bytes of value and returns the value to fill in.</summary>
    public bool TryBeginChunk(SctpChunkType type, byte flags, int valueLength, out Span<byte> value)
    {
        int chunkLength = SctpChunk.HeaderLength + valueLength;
        int padded = SctpPacket.Pad4(chunkLength);
        if (chunkLength > ushort.MaxValue || padded > Remaining)
        {
            value = default;
            return false;
        }

        var chunk = _buffer.Slice(_length, padded);
        chunk[0] = (byte)type;
        chunk[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(chunk[2..], (ushort)chunkLength);
        chunk[chunkLength..].Clear();
        value = chunk.Slice(SctpChunk.HeaderLength, valueLength);
        _length += padded;
        ChunkCount++;
        return true;
    }

    /// <summary>A chunk with the given value bytes (or none).</summary>
    public bool TryAddChunk(SctpChunkType type, byte flags, scoped ReadOnlySpan<byte> value)
    {
        if (!TryBeginChunk(type, flags, value.Length, out var target))
        {
            return false;
        }

        value.CopyTo(target);
        return true;
    }

    /// <summary>DATA (RFC 9260 3.3.1).</summary>
    public bool TryAddData(byte flags, uint tsn, ushort streamId, ushort ssn, uint ppid, scoped ReadOnlySpan<byte> userData)
    {
        if (!TryBeginChunk(SctpChunkType.Data, flags, SctpDataChunk.FixedLength + userData.Length, out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, tsn);
        BinaryPrimitives.WriteUInt16BigEndian(value[4..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(value[6..], ssn);
        BinaryPrimitives.WriteUInt32BigEndian(value[8..], ppid);
        userData.CopyTo(value[SctpDataChunk.FixedLength..]);
        return true;
    }

    /// <summary>SACK (RFC 9260 3.3.4) with gap blocks as offsets from <paramref name="cumulativeTsnAck"/>.</summary>
    public bool TryAddSack(uint cumulativeTsnAck, uint receiverWindow, scoped ReadOnlySpan<SctpGapBlock> gaps, scoped ReadOnlySpan<uint> duplicates)
    {
        if (!TryBeginChunk(SctpChunkType.Sack, 0, SctpSackChunk.FixedLength + (4 * gaps.Length) + (4 * duplicates.Length), out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, cumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], receiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(value[8..], (ushort)gaps.Length);
        BinaryPrimitives.WriteUInt16BigEndian(value[10..], (ushort)duplicates.Length);
        int offset = SctpSackChunk.FixedLength;
        foreach (var gap in gaps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[offset..], gap.Start);
            BinaryPrimitives.WriteUInt16BigEndian(value[(offset + 2)..], gap.End);
            offset += 4;
        }

        foreach (uint duplicate in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value[offset..], duplicate);
            offset += 4;
        }

        return true;
    }

    /// <summary>
    /// INIT or INIT ACK (RFC 9260 3.3.2/3.3.3), announcing Forward-TSN-Supported and the RE-CONFIG and FORWARD-TSN
    /// extensions, with a state cookie for INIT ACK.
    /// </summary>
    public bool TryAddInit(SctpChunkType type, uint initiateTag, uint receiverWindow, ushort outboundStreams, ushort inboundStreams, uint initialTsn, scoped ReadOnlySpan<byte> cookie)
    {
        const int SupportedExtensionsLength = 8; // 4 + 2 chunk types, padded
        const int ForwardTsnSupportedLength = 4;
        int cookieLength = cookie.IsEmpty ? 0 : SctpPacket.Pad4(SctpParameter.HeaderLength + cookie.Length);
        int length = SctpInitChunk.FixedLength + SupportedExtensionsLength + ForwardTsnSupportedLength + cookieLength;
        if (!TryBeginChunk(type, 0, length, out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, initiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], receiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(value[8..], outboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(value[10..], inboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(value[12..], initialTsn);
        var parameters = value[SctpInitChunk.FixedLength..];
        BinaryPrimitives.WriteUInt16BigEndian(parameters, (ushort)SctpParameterType.SupportedExtensions);
        BinaryPrimitives.WriteUInt16BigEndian(parameters[2..], 6);
        parameters[4] = (byte)SctpChunkType.ReConfig;
        parameters[5] = (byte)SctpChunkType.ForwardTsn;
        parameters[6] = 0;
        parameters[7] = 0;
        parameters = parameters[SupportedExtensionsLength..];
        BinaryPrimitives.WriteUInt16BigEndian(parameters, (ushort)SctpParameterType.ForwardTsnSupported);
        BinaryPrimitives.WriteUInt16BigEndian(parameters[2..], 4);
        parameters = parameters[ForwardTsnSupportedLength..];
        if (!cookie.IsEmpty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(parameters, (ushort)SctpParameterType.StateCookie);
            BinaryPrimitives.WriteUInt16BigEndian(parameters[2..], (ushort)(SctpParameter.HeaderLength + cookie.Length));
            cookie.CopyTo(parameters[SctpParameter.HeaderLength..]);
            parameters[(SctpParameter.HeaderLength + cookie.Length)..cookieLength].Clear();
        }

        return true;
    }

    /// <summary>FORWARD TSN (RFC 3758 3.2).</summary>
    public bool TryAddForwardTsn(uint newCumulativeTsn, scoped ReadOnlySpan<SctpStreamSequence> streams)
    {
        if (!TryBeginChunk(SctpChunkType.ForwardTsn, 0, 4 + (4 * streams.Length), out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, newCumulativeTsn);
        int offset = 4;
        foreach (var stream in streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[offset..], stream.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(value[(offset + 2)..], stream.Sequence);
            offset += 4;
        }

        return true;
    }

    /// <summary>RE-CONFIG (RFC 6525 3.1) carrying one Outgoing SSN Reset Request.</summary>
    public bool TryAddOutgoingResetRequest(uint requestSequence, uint responseSequence, uint lastAssignedTsn, scoped ReadOnlySpan<ushort> streams)
    {
        int parameterLength = SctpParameter.HeaderLength + SctpOutgoingResetRequest.FixedLength + (2 * streams.Length);
        if (!TryBeginChunk(SctpChunkType.ReConfig, 0, SctpPacket.Pad4(parameterLength), out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)SctpParameterType.OutgoingSsnResetRequest);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)parameterLength);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], requestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(value[8..], responseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(value[12..], lastAssignedTsn);
        int offset = 16;
        foreach (ushort stream in streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[offset..], stream);
            offset += 2;
        }

        value[offset..].Clear();
        return true;
    }

    /// <summary>RE-CONFIG (RFC 6525 3.1) carrying one Re-configuration Response.</summary>
    public bool TryAddReconfigResponse(uint responseSequence, SctpReconfigResult result)
    {
        if (!TryBeginChunk(SctpChunkType.ReConfig, 0, SctpParameter.HeaderLength + SctpReconfigResponse.MinimumLength, out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)SctpParameterType.ReconfigurationResponse);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], SctpParameter.HeaderLength + SctpReconfigResponse.MinimumLength);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], responseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(value[8..], (uint)result);
        return true;
    }

    /// <summary>SHUTDOWN (RFC 9260 3.3.8).</summary>
    public bool TryAddShutdown(uint cumulativeTsnAck)
    {
        if (!TryBeginChunk(SctpChunkType.Shutdown, 0, 4, out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, cumulativeTsnAck);
        return true;
    }

    /// <summary>ABORT or ERROR with one error cause (RFC 9260 3.3.10); <paramref name="cause"/> 0 writes none.</summary>
    public bool TryAddErrorCause(SctpChunkType type, byte flags, SctpErrorCause cause, scoped ReadOnlySpan<byte> causeInfo)
    {
        if (cause == 0)
        {
            return TryAddChunk(type, flags, default);
        }

        int causeLength = 4 + causeInfo.Length;
        if (!TryBeginChunk(type, flags, SctpPacket.Pad4(causeLength), out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)cause);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)causeLength);
        causeInfo.CopyTo(value[4..]);
        value[causeLength..].Clear();
        return true;
    }

    /// <summary>Stamps the CRC32c and returns the packet's length.</summary>
    public readonly int Finish()
    {
        var packet = _buffer[.._length];
        SctpCrc32c.Stamp(packet);
        return _length;
    }
}
