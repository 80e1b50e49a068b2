using Sfu.Core.DataChannels;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>Two data channel transports over a simulated link (DTLS client on side A, server on side B).</summary>
internal sealed class DataChannelTestLink
{
    private readonly Queue<(int To, byte[] Packet)> _queue = new();

    public DataChannelTestLink(SctpOptions? options = null)
    {
        A = new Peer(this, 0);
        B = new Peer(this, 1);
        A.Transport = new DataChannelTransport(A, A, () => NowMs, dtlsClient: true, options);
        B.Transport = new DataChannelTransport(B, B, () => NowMs, dtlsClient: false, options);
    }

    public long NowMs { get; set; } = 1000;

    public Peer A { get; }

    public Peer B { get; }

    public Func<int, byte[], bool>? ShouldDrop { get; set; }

    public void Start()
    {
        A.Transport.Start();
        B.Transport.Start();
        Pump();
    }

    public void Pump()
    {
        while (_queue.Count > 0)
        {
            var (to, packet) = _queue.Dequeue();
            (to == 0 ? A : B).Transport.HandlePacket(packet);
        }
    }

    public void Run(long ms)
    {
        long end = NowMs + ms;
        Pump();
        while (NowMs < end)
        {
            NowMs += 10;
            foreach (var peer in new[] { A, B })
            {
                if (NowMs >= peer.Transport.NextTimerMs)
                {
                    peer.Transport.OnTimer();
                }
            }

            Pump();
        }
    }

    internal sealed class Peer(DataChannelTestLink link, int side) : IDataChannelPacketSink, IDataChannelListener
    {
        public DataChannelTransport Transport { get; set; } = null!;

        public List<DataChannel> Opened { get; } = [];

        public List<DataChannel> Closed { get; } = [];

        public List<(string Label, byte[] Payload, bool Binary)> Messages { get; } = [];

        public List<SctpAssociationState> States { get; } = [];

        public void SendSctpPacket(ReadOnlySpan<byte> packet)
        {
            byte[] copy = packet.ToArray();
            if (link.ShouldDrop?.Invoke(side, copy) != true)
            {
                link._queue.Enqueue((1 - side, copy));
            }
        }

        public void OnDataChannelOpened(DataChannel channel) => Opened.Add(channel);

        public void OnDataChannelMessage(DataChannel channel, ReadOnlySpan<byte> payload, bool isBinary) => Messages.Add((channel.Label, payload.ToArray(), isBinary));

        public void OnDataChannelClosed(DataChannel channel) => Closed.Add(channel);

        public void OnDataChannelTransportStateChanged(DataChannelTransport transport, SctpAssociationState state) => States.Add(state);
    }
}
