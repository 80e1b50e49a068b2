using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(new byte[] { }, PacketKind.Unknown)]
    [InlineData(new byte[] { 0x00, 0x01 }, PacketKind.Stun)]
    [InlineData(new byte[] { 0x03, 0x00 }, PacketKind.Stun)]
    [InlineData(new byte[] { 0x04 }, PacketKind.Unknown)]
    [InlineData(new byte[] { 19 }, PacketKind.Unknown)]
    [InlineData(new byte[] { 20 }, PacketKind.Dtls)]
    [InlineData(new byte[] { 22, 0xFE, 0xFD }, PacketKind.Dtls)]
    [InlineData(new byte[] { 63 }, PacketKind.Dtls)]
    [InlineData(new byte[] { 64 }, PacketKind.Unknown)]
    [InlineData(new byte[] { 127, 96 }, PacketKind.Unknown)]
    [InlineData(new byte[] { 128 }, PacketKind.Unknown)]
    [InlineData(new byte[] { 0x80, 96 }, PacketKind.Rtp)]
    [InlineData(new byte[] { 0x80, 0xE0 }, PacketKind.Rtp)]
    [InlineData(new byte[] { 0x81, 192 }, PacketKind.Rtcp)]
    [InlineData(new byte[] { 0x81, 223 }, PacketKind.Rtcp)]
    [InlineData(new byte[] { 191, 205 }, PacketKind.Rtcp)]
    [InlineData(new byte[] { 192, 96 }, PacketKind.Unknown)]
    [InlineData(new byte[] { 255, 255 }, PacketKind.Unknown)]
    public void ClassifiesByFirstByteAsRfc7983Says(byte[] datagram, PacketKind expected)
        => Assert.Equal(expected, PacketClassifier.Classify(datagram));
}
