namespace Sfu.Core.DataChannels;

/// <summary>DCEP message types (RFC 8832 8.2.1).</summary>
public enum DcepMessageType : byte
{
    Ack = 0x02,
    Open = 0x03,
}
