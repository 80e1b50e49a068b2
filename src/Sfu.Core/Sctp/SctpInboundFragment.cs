namespace Sfu.Core.Sctp;

/// <summary>
/// A received DATA chunk held until its message can be delivered (out of order, or a fragment of a larger message).
/// Pooled by the association; its buffer grows to the largest chunk seen.
/// </summary>
internal sealed class SctpInboundFragment
{
    public byte[] Data { get; private set; } = [];

    public int Length { get; private set; }

    public uint Tsn { get; private set; }

    public ushort StreamId { get; private set; }

    public ushort Ssn { get; private set; }

    public uint Ppid { get; private set; }

    public byte Flags { get; private set; }

    public bool IsBeginning => (Flags & Chunks.SctpDataChunk.FlagBeginning) != 0;

    public bool IsEnd => (Flags & Chunks.SctpDataChunk.FlagEnd) != 0;

    public void Fill(in Chunks.SctpDataChunk chunk)
    {
        if (Data.Length < chunk.UserData.Length)
        {
            Data = new byte[Math.Max(chunk.UserData.Length, 1024)];
        }

        chunk.UserData.CopyTo(Data);
        Length = chunk.UserData.Length;
        Tsn = chunk.Tsn;
        StreamId = chunk.StreamId;
        Ssn = chunk.StreamSequenceNumber;
        Ppid = chunk.PayloadProtocolId;
        Flags = chunk.Flags;
    }
}
