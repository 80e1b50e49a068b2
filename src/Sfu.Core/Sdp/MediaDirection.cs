namespace Sfu.Core.Sdp;

/// <summary>Media direction attribute of an m-section (RFC 8866 6.7), seen from the side that wrote it.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
