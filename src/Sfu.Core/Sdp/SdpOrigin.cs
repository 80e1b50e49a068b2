namespace Sfu.Core.Sdp;

/// <summary>
/// The o= line (RFC 8866 5.2):
/// <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// </summary>
public sealed class SdpOrigin
{
    public string Username { get; set; } = "-";

    public ulong SessionId { get; set; }

    public ulong SessionVersion { get; set; }

    public string NetworkType { get; set; } = "IN";

    public string AddressType { get; set; } = "IP4";

    public string Address { get; set; } = "0.0.0.0";
}
