using System.Buffers.Binary;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>Hostile input: nothing throws, everything dropped is counted, and the association keeps working.</summary>
public sealed class SctpMalformedInputTests
{
    [Theory]
    [MemberData(nameof(SctpVectors.All), MemberType = typeof(SctpVectors))]
    public void Every_truncation_is_rejected_by_validation(string hex)
    {
        byte[] packet = SctpVectors.Bytes(hex);
        for (int length = 0; length < packet.Length; length++)
        {
            Assert.NotEqual(SctpParseError.None, SctpPacket.TryValidate(packet.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [MemberData(nameof(SctpVectors.All), MemberType = typeof(SctpVectors))]
    public void Truncations_with_a_fixed_checksum_never_throw(string hex)
    {
        byte[] packet = SctpVectors.Bytes(hex);
        var link = Established();
        for (int length = 12; length < packet.Length; length++)
        {
            byte[] cut = packet.AsSpan(0, length).ToArray();
            Restamp(cut, link.B.Association);
            link.B.Association.HandlePacket(cut);
        }

        Assert.True(link.B.Association.Stats.Dropped > 0);
        AssertStillWorks(link);
    }

    [Fact]
    public void Random_bytes_are_dropped_and_counted()
    {
        var link = Established();
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] junk = new byte[random.Next(0, 1300)];
            random.NextBytes(junk);
            link.B.Association.HandlePacket(junk);
        }

        Assert.Equal(20_000, link.B.Association.Stats.Dropped);
        Assert.Equal(link.B.Association.Stats.Dropped, link.B.Drops.Count);
        AssertStillWorks(link);
    }

    [Fact]
    public void Mutated_packets_with_valid_checksums_never_throw()
    {
        var random = new Random(12);
        var corpus = new List<byte[]>();
        for (int round = 0; round < 20; round++)
        {
            var link = Established();
            if (corpus.Count == 0)
            {
                link.A.Association.Send(1, 53, new byte[3000]);
                link.A.Association.Send(2, 51, "x"u8, unordered: true, SctpReliability.NoRetransmissions);
                link.A.Association.ResetStreams([1]);
                link.Run(100);
                corpus.AddRange(link.Log.Select(p => p.Packet));
                corpus.AddRange(SctpVectors.All().Select(v => SctpVectors.Bytes((string)v[0])));
            }

            for (int i = 0; i < 2000; i++)
            {
                byte[] packet = (byte[])corpus[random.Next(corpus.Count)].Clone();
                int flips = random.Next(1, 6);
                for (int f = 0; f < flips && packet.Length > 12; f++)
                {
                    packet[random.Next(12, packet.Length)] = (byte)random.Next(256);
                }

                if (random.Next(4) == 0 && packet.Length > 16)
                {
                    packet = packet.AsSpan(0, random.Next(12, packet.Length)).ToArray();
                }

                Restamp(packet, link.B.Association);
                link.B.Association.HandlePacket(packet);
                link.A.Association.HandlePacket(packet);
                link.Pump();
            }

            link.Run(1000);
            Assert.True(link.A.Association.State != SctpAssociationState.Closed || link.A.Association.CloseReason != SctpCloseReason.None);
        }
    }

    [Fact]
    public void Packets_for_other_ports_or_tags_are_dropped()
    {
        var link = Established();
        byte[] data = SctpVectors.Bytes(SctpVectors.Data);
        link.B.Association.HandlePacket(data);
        Assert.Equal(1, link.B.Association.Stats.DroppedFor(SctpDropReason.WrongVerificationTag));
        BinaryPrimitives.WriteUInt16BigEndian(data, 5001);
        Restamp(data, link.B.Association);
        link.B.Association.HandlePacket(data);
        Assert.Equal(1, link.B.Association.Stats.DroppedFor(SctpDropReason.WrongPort));
        byte[] init = SctpVectors.Bytes(SctpVectors.Init);
        BinaryPrimitives.WriteUInt32BigEndian(init.AsSpan(4), 7); // INIT must carry tag 0
        Restamp(init, null);
        link.B.Association.HandlePacket(init);
        Assert.Equal(2, link.B.Association.Stats.DroppedFor(SctpDropReason.WrongVerificationTag));
        AssertStillWorks(link);
    }

    [Fact]
    public void A_forged_cookie_is_refused()
    {
        var link = new SctpTestLink();
        link.A.Association.Connect();
        link.Pump(1); // B answered INIT with INIT ACK, not delivered yet
        byte[] initAck = link.Log[^1].Packet;
        int cookieOffset = 12 + 4 + 16 + 8 + 4 + 4;
        initAck[cookieOffset + 10] ^= 0x55;
        Restamp(initAck, null);
        var b = link.B.Association;
        link.ShouldDrop = (_, _) => true;
        link.Pump();
        link.A.Association.HandlePacket(initAck); // A echoes the tampered cookie
        link.ShouldDrop = null;
        var echo = link.Log[^1].Packet;
        b.HandlePacket(echo);
        Assert.Equal(1, b.Stats.DroppedFor(SctpDropReason.BadCookie));
        Assert.Equal(SctpAssociationState.New, b.State);
    }

    private static SctpTestLink Established()
    {
        var link = new SctpTestLink();
        link.Connect();
        Assert.Equal(SctpAssociationState.Established, link.B.Association.State);
        return link;
    }

    private static void AssertStillWorks(SctpTestLink link)
    {
        int before = link.B.Messages.Count;
        Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(9, 53, SctpMessages.Make(42, 5000)));
        link.Run(3000);
        Assert.Equal(before + 1, link.B.Messages.Count);
        Assert.Equal(42, SctpMessages.Check(link.B.Messages[^1].Payload));
    }

    private static void Restamp(byte[] packet, SctpAssociation? _)
    {
        if (packet.Length >= 12)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), 0);
            SctpCrc32c.Stamp(packet);
        }
    }
}
