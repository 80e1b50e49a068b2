namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// Packets captured from usrsctp 0.9.5 (Debian's libusrsctp2, the stack of mediasoup and Janus) talking to itself:
/// real third-party encodings with real CRC32c values. Fields were checked by hand against RFC 9260's layouts.
/// </summary>
internal static class SctpVectors
{
    /// <summary>INIT: ports 5000/5000, tag 0; initiate tag 0xb5036923, a_rwnd 131072, OS 10, MIS 2048, initial TSN 0xce5d7b33,
    /// Forward-TSN-Supported, Supported Extensions (FORWARD-TSN, RE-CONFIG).</summary>
    public const string Init = "1388138800000000d5fa2a5a0100001eb503692300020000000a0800ce5d7b33c000000480080006c0820000";

    /// <summary>INIT ACK answering it: initiate tag 0x55849025, initial TSN 0xc635ec3e, a 196-byte state cookie.</summary>
    public const string InitAck = "13881388b50369232fb6669a020000e85584902500020000000a0800c635ec3ec000000480080006c0820000000700c84b414d452d42534420312e31000000005771116b000000005a670c000000000060ea00000000000000000000236903b5558490250000000000000000000000000000000004000000000000000000000000000000000000000400000000000000138813880000010000000000000000000100001eb503692300020000000a0800ce5d7b33c000000480080006c0820000020000e85584902500020000000a0800c635ec3ec000000480080006c082000033d2ce202f2645b241637b2ff0da10798d5a1aac";

    public const string CookieAck = "13881388b503692308b9b6ce0b000004";

    /// <summary>DATA, flags U|B|E, TSN 0xce5d7b33, stream 1, SSN 0, PPID 51 (WebRTC string), "msg0".</summary>
    public const string Data = "1388138855849025db34957500070014ce5d7b3300010000000000336d736730";

    /// <summary>SACK: cumulative TSN ack 0xce5d7b33, a_rwnd 131072, no gaps, no duplicates.</summary>
    public const string Sack = "13881388b5036923f3ff195203000010ce5d7b330002000000000000";

    /// <summary>SACK after a loss: cumulative 0xce5d7b33, one gap block 2-3 (TSNs ...35 and ...36 arrived, ...34 did not).</summary>
    public const string SackWithGap = "13881388b5036923ee50293303000014ce5d7b33000200000001000000020003";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);

    public static IEnumerable<object[]> All() =>
        new[] { Init, InitAck, CookieAck, Data, Sack, SackWithGap }.Select(v => new object[] { v });
}
