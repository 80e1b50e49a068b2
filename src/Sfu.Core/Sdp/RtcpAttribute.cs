namespace Sfu.Core.Sdp;

/// <summary>a=rtcp (RFC 3605): <c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;]</c>. Meaningless with rtcp-mux but still written by browsers.</summary>
public sealed class RtcpAttribute
{
    public int Port { get; set; }

    /// <summary>Optional connection address (all three parts or none).</summary>
    public SdpConnection? Connection { get; set; }
}
