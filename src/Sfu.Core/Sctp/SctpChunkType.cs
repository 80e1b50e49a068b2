namespace Sfu.Core.Sctp;

/// <summary>SCTP chunk types (RFC 9260 3.2, RFC 3758, RFC 6525, RFC 8260).</summary>
public enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    Ecne = 12,
    Cwr = 13,
    ShutdownComplete = 14,
    Auth = 15,
    IData = 64,
    AsconfAck = 128,
    ReConfig = 130,
    Pad = 132,
    ForwardTsn = 192,
    Asconf = 193,
    IForwardTsn = 194,
}
