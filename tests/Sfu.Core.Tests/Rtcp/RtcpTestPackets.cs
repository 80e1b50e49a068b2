namespace Sfu.Core.Tests.Rtcp;

/// <summary>Hand-built RTCP packets, laid out field by field after the RFC diagrams.</summary>
internal static class RtcpTestPackets
{
    // SR, RC=1, length 12 words (52 bytes).
    public const string SenderReport =
        "81 c8 00 0c" +
        "12 34 56 78" + // SSRC of sender
        "e9 8b 4a 8c 5f 5c 28 f6" + // NTP timestamp
        "00 01 e2 40" + // RTP timestamp 123456
        "00 00 00 64" + // packet count 100
        "00 00 3a 98" + // octet count 15000
        "9a bc de f0" + // report block: SSRC
        "19 00 00 2a" + //   fraction lost 25/256, cumulative lost 42
        "00 01 00 05" + //   extended highest sequence number: cycle 1, seq 5
        "00 00 00 1e" + //   jitter 30
        "4a 8c 5f 5c" + //   LSR
        "00 01 80 00"; //   DLSR 1.5 s

    // SDES, SC=1, one CNAME of 16 bytes, null octets to the 32-bit boundary (28 bytes).
    public const string SourceDescription =
        "81 ca 00 06" +
        "12 34 56 78" +
        "01 10 41 62 43 64 45 66 47 68 49 6a 4b 6c 4d 6e 4f 70" + // CNAME "AbCdEfGhIjKlMnOp"
        "00 00"; // null item + one octet of padding

    // RR, RC=2, negative cumulative loss in the second block (56 bytes).
    public const string ReceiverReport =
        "82 c9 00 0d" +
        "00 00 00 01" +
        "00 00 00 02  00 00 00 00  00 00 ff ff  00 00 00 00  00 00 00 00  00 00 00 00" +
        "00 00 00 03  80 ff ff ff  00 02 00 10  00 00 01 00  11 22 33 44  00 00 00 01";

    // RTPFB FMT=1 generic NACK: PID 100, BLP 0x0005 -> lost 100, 101, 103; PID 200, BLP 0x8000 -> 200, 216.
    public const string GenericNack =
        "81 cd 00 04  00 00 00 01  00 00 00 02  00 64 00 05  00 c8 80 00";

    // PSFB FMT=1 PLI.
    public const string PictureLossIndication = "81 ce 00 02  00 00 00 01  00 00 00 02";

    // PSFB FMT=4 FIR with two entries.
    public const string FullIntraRequest =
        "84 ce 00 06  00 00 00 01  00 00 00 00  00 00 00 0a  05 00 00 00  00 00 00 0b  ff 00 00 00";

    // PSFB FMT=15 REMB: 1,000,000 bps = 250000 << 2, two SSRCs.
    public const string Remb =
        "8f ce 00 06  00 00 00 01  00 00 00 00  52 45 4d 42  02 0b d0 90  00 00 00 0a  00 00 00 0b";

    // RTPFB FMT=15 transport-wide CC: base 10, count 5, reference time 16 (1.024 s), fb count 7;
    // run length chunk (small delta x3), 2-bit vector (not received, large delta);
    // deltas 04 08 00 | ff9c (-100); 3 bytes of zero padding.
    public const string TransportWideCc =
        "8f cd 00 07  00 00 00 01  00 00 00 02  00 0a 00 05  00 00 10 07  20 03 c8 00  04 08 00 ff  9c 00 00 00";

    // XR with an RRTR block and a DLRR block of two sub-blocks.
    public const string ExtendedReport =
        "80 cf 00 0b  00 00 00 01" +
        "04 00 00 02  e9 8b 4a 8c 5f 5c 28 f6" +
        "05 00 00 06  00 00 00 02  4a 8c 5f 5c  00 00 80 00  00 00 00 03  00 00 00 00  00 00 00 00";

    // BYE for two sources with the reason "bye" and one padding octet.
    public const string Goodbye = "82 cb 00 03  00 00 00 01  00 00 00 02  03 62 79 65";
}
