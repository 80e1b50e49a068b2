using System.Globalization;
using System.Text;

namespace Sfu.Core.Sdp;

/// <summary>
/// An ICE candidate as carried in a=candidate (RFC 8839 5.1):
/// <code>
/// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
///                       connection-address SP port SP "typ" SP cand-type
///                       [SP "raddr" SP connection-address] [SP "rport" SP port]
///                       *(SP extension-att-name SP extension-att-value)
/// </code>
/// </summary>
public sealed partial class IceCandidate
{
    /// <summary>1 to 32 ice-chars (letters, digits, '+', '/').</summary>
    public string Foundation { get; set; } = "";

    /// <summary>1 for RTP (the only component with rtcp-mux), 2 for RTCP.</summary>
    public int Component { get; set; } = 1;

    public IceTransportProtocol Transport { get; set; }

    public uint Priority { get; set; }

    /// <summary>IP address or FQDN (browsers hide host addresses behind "xxxx.local" mDNS names).</summary>
    public string Address { get; set; } = "";

    public int Port { get; set; }

    public IceCandidateType Type { get; set; }

    public string? RelatedAddress { get; set; }

    public int? RelatedPort { get; set; }

    /// <summary>"tcptype" for TCP candidates.</summary>
    public IceTcpType? TcpType { get; set; }

    /// <summary>The "generation" extension written by Chromium.</summary>
    public int? Generation { get; set; }

    /// <summary>Every other extension (name, value) in written order, e.g. ("network-id", "2"), ("ufrag", "x").</summary>
    public List<KeyValuePair<string, string>> Extensions { get; } = [];

    /// <summary>Type preference for host candidates recommended by RFC 8445 5.1.2.2.</summary>
    public const int HostTypePreference = 126;

    /// <summary>Type preference for peer-reflexive candidates (RFC 8445 5.1.2.2).</summary>
    public const int PeerReflexiveTypePreference = 110;

    /// <summary>Type preference for server-reflexive candidates (RFC 8445 5.1.2.2).</summary>
    public const int ServerReflexiveTypePreference = 100;

    /// <summary>Type preference for relayed candidates (RFC 8445 5.1.2.2).</summary>
    public const int RelayedTypePreference = 0;

    /// <summary>
    /// priority = (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)
    /// (RFC 8445 5.1.2.1).
    /// </summary>
    public static uint ComputePriority(int typePreference, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return ((uint)typePreference << 24) + ((uint)localPreference << 8) + (uint)(256 - component);
    }

    /// <summary>The RFC 8445 type preference of a candidate type.</summary>
    public static int TypePreferenceOf(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => HostTypePreference,
        IceCandidateType.PeerReflexive => PeerReflexiveTypePreference,
        IceCandidateType.ServerReflexive => ServerReflexiveTypePreference,
        _ => RelayedTypePreference,
    };

    /// <summary>
    /// A host candidate of component 1 with priority per RFC 8445 5.1.2.1 (type preference 126). TCP candidates
    /// get tcptype passive (a server only accepts connections) unless told otherwise.
    /// </summary>
    public static IceCandidate CreateHost(
        string foundation,
        string address,
        int port,
        IceTransportProtocol transport = IceTransportProtocol.Udp,
        int localPreference = 65535,
        int component = 1,
        IceTcpType? tcpType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(foundation);
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (!IsValidFoundation(foundation))
        {
            throw new ArgumentException("a foundation is 1 to 32 letters, digits, '+' or '/'", nameof(foundation));
        }

        if (!SdpSyntax.IsNonSpaceText(address))
        {
            throw new ArgumentException("an address has no spaces or control characters", nameof(address));
        }

        return new IceCandidate
        {
            Foundation = foundation,
            Component = component,
            Transport = transport,
            Priority = ComputePriority(HostTypePreference, localPreference, component),
            Address = address,
            Port = port,
            Type = IceCandidateType.Host,
            TcpType = transport == IceTransportProtocol.Tcp ? tcpType ?? IceTcpType.Passive : null,
        };
    }

    /// <summary>The attribute value (what follows "a=candidate:").</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append(Foundation).Append(' ')
            .Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Transport == IceTransportProtocol.Udp ? "udp" : "tcp").Append(' ')
            .Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Address).Append(' ')
            .Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(TypeName(Type));
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is int relatedPort)
        {
            builder.Append(" rport ").Append(relatedPort.ToString(CultureInfo.InvariantCulture));
        }

        if (TcpType is IceTcpType tcpType)
        {
            builder.Append(" tcptype ").Append(TcpTypeName(tcpType));
        }

        if (Generation is int generation)
        {
            builder.Append(" generation ").Append(generation.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var extension in Extensions)
        {
            builder.Append(' ').Append(extension.Key).Append(' ').Append(extension.Value);
        }

        return builder.ToString();
    }

    /// <summary>"candidate:" followed by the value, the form of RTCIceCandidate.candidate in trickle ICE.</summary>
    public string ToCandidateString() => "candidate:" + ToString();

    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relayed => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown candidate type"),
    };

    public static string TcpTypeName(IceTcpType type) => type switch
    {
        IceTcpType.Active => "active",
        IceTcpType.Passive => "passive",
        IceTcpType.SimultaneousOpen => "so",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tcptype"),
    };
}
