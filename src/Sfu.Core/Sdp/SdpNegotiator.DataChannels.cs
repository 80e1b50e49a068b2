namespace Sfu.Core.Sdp;

/// <summary>Data channel m-sections (RFC 8841): m=application ... UDP/DTLS/SCTP webrtc-datachannel.</summary>
public static partial class SdpNegotiator
{
    /// <summary>The format of a data channel m-section (RFC 8841 4.1).</summary>
    public const string DataChannelFormat = "webrtc-datachannel";

    private static readonly string[] SctpProtocols = ["UDP/DTLS/SCTP", "TCP/DTLS/SCTP"];

    private static string? CheckDataChannelSection(MediaDescription offered)
    {
        if (!SctpProtocols.Any(p => string.Equals(p, offered.Protocol, StringComparison.OrdinalIgnoreCase)))
        {
            return "protocol " + SdpSyntax.Quote(offered.Protocol) + " is not UDP/DTLS/SCTP";
        }

        if (!offered.Formats.Contains(DataChannelFormat, StringComparer.Ordinal))
        {
            return "the application m-section does not offer " + DataChannelFormat;
        }

        return null;
    }

    private static MediaDescription DataChannelSection(MediaDescription offered, int port, SdpConnection connection)
    {
        var section = new MediaDescription
        {
            Kind = MediaKinds.Application,
            Port = port,
            Protocol = offered.Protocol,
            Connection = new SdpConnection(connection.NetworkType, connection.AddressType, connection.Address),
            Mid = offered.Mid,
            SctpPort = SctpPort,
        };
        section.Formats.Add(DataChannelFormat);
        return section;
    }

    private static NegotiatedMedia NegotiatedDataChannels(MediaDescription offered, int index) => new()
    {
        Mid = offered.Mid,
        Kind = offered.Kind,
        Index = index,
        Accepted = true,
        Direction = MediaDirection.SendRecv,
        RemoteDirection = offered.Direction,
        RemoteSctpPort = offered.SctpPort ?? SctpPort,
        RemoteMaxMessageSize = offered.MaxMessageSize ?? 65536,
    };
}
