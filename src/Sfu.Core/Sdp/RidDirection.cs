namespace Sfu.Core.Sdp;

/// <summary>Direction of an a=rid line (RFC 8851 10).</summary>
public enum RidDirection
{
    Send,
    Recv,
}
