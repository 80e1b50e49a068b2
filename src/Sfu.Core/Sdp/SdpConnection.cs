namespace Sfu.Core.Sdp;

/// <summary>The c= line (RFC 8866 5.7): <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>.</summary>
public sealed class SdpConnection
{
    public SdpConnection()
    {
    }

    public SdpConnection(string networkType, string addressType, string address)
    {
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    public string NetworkType { get; set; } = "IN";

    /// <summary>"IP4" or "IP6".</summary>
    public string AddressType { get; set; } = "IP4";

    /// <summary>The address text; multicast "/ttl" suffixes are kept as written.</summary>
    public string Address { get; set; } = "0.0.0.0";
}
