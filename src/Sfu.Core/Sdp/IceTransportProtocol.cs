namespace Sfu.Core.Sdp;

/// <summary>Transport of an ICE candidate (RFC 8839 5.1; TCP per RFC 6544).</summary>
public enum IceTransportProtocol
{
    Udp,
    Tcp,
}
