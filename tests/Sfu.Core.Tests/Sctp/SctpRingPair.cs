using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// Two associations joined by a preallocated packet ring (no copies allocated), for allocation measurements:
/// packets are copied into fixed slots and delivered in order.
/// </summary>
internal sealed class SctpRingPair
{
    private const int Slots = 8192;
    private readonly byte[][] _slots = new byte[Slots][];
    private readonly int[] _lengths = new int[Slots];
    private readonly int[] _to = new int[Slots];
    private readonly End _a;
    private readonly End _b;
    private int _head;
    private int _count;

    public SctpRingPair(SctpOptions? options = null)
    {
        for (int i = 0; i < Slots; i++)
        {
            _slots[i] = new byte[1500];
        }

        _a = new End(this, 0);
        _b = new End(this, 1);
        A = new SctpAssociation(_a, () => NowMs, options);
        B = new SctpAssociation(_b, () => NowMs, options);
        A.Connect();
        Pump();
    }

    public long NowMs { get; set; } = 1000;

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    public long Delivered => _b.Delivered;

    /// <summary>Sends <paramref name="count"/> messages from A to B, pumping as the send buffer fills.</summary>
    public void Exchange(byte[] message, int count, bool unordered, SctpReliability reliability)
    {
        for (int i = 0; i < count; i++)
        {
            while (A.Send(1, 53, message, unordered, reliability) == SctpSendResult.BufferFull)
            {
                Pump();
                NowMs++;
                if (NowMs >= A.NextTimerMs)
                {
                    A.OnTimer();
                }

                if (NowMs >= B.NextTimerMs)
                {
                    B.OnTimer();
                }
            }

            if ((i & 15) == 0)
            {
                Pump();
            }
        }

        for (int i = 0; i < 1000 && A.BufferedAmount > 0; i++)
        {
            Pump();
            NowMs += 10;
            A.OnTimer();
            B.OnTimer();
        }

        Pump();
    }

    public void Pump()
    {
        while (_count > 0)
        {
            int slot = _head;
            _head = (_head + 1) % Slots;
            _count--;
            (_to[slot] == 0 ? A : B).HandlePacket(_slots[slot].AsSpan(0, _lengths[slot]));
        }
    }

    private void Enqueue(int from, ReadOnlySpan<byte> packet)
    {
        if (_count == Slots)
        {
            return; // a full link loses the packet; SCTP recovers
        }

        int slot = (_head + _count) % Slots;
        packet.CopyTo(_slots[slot]);
        _lengths[slot] = packet.Length;
        _to[slot] = 1 - from;
        _count++;
    }

    private sealed class End(SctpRingPair pair, int side) : ISctpAssociationListener
    {
        public long Delivered { get; private set; }

        public void OnSctpSendPacket(ReadOnlySpan<byte> packet) => pair.Enqueue(side, packet);

        public void OnSctpStateChanged(SctpAssociationState state)
        {
        }

        public void OnSctpMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> payload) => Delivered++;

        public void OnSctpIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
        {
        }

        public void OnSctpOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds)
        {
        }

        public void OnSctpDropped(SctpDropReason reason)
        {
        }
    }
}
