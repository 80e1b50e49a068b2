using System.Security.Cryptography;
using System.Text;

namespace Sfu.Core.Tests.Ice;

/// <summary>The test vectors of RFC 5769 (STUN), byte for byte, and their parameters.</summary>
internal static class Rfc5769Vectors
{
    /// <summary>Short-term password of vectors 2.1 to 2.3.</summary>
    public const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    public static byte[] TransactionId => Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    /// <summary>Section 2.1, sample request (SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT).</summary>
    public static byte[] SampleRequest => Convert.FromHexString(
        "00010058" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "80220010" + "5354554e207465737420636c69656e74" +
        "00240004" + "6e0001ff" +
        "80290008" + "932ff9b151263b36" +
        "00060009" + "6576746a3a68367659202020" +
        "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004" + "e57a3bcf");

    /// <summary>Section 2.2, sample IPv4 response (SOFTWARE, XOR-MAPPED-ADDRESS 192.0.2.1:32853, MESSAGE-INTEGRITY, FINGERPRINT).</summary>
    public static byte[] SampleIPv4Response => Convert.FromHexString(
        "0101003c" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200008" + "0001a147e112a643" +
        "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004" + "c07d4c96");

    /// <summary>Section 2.3, sample IPv6 response (XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853).</summary>
    public static byte[] SampleIPv6Response => Convert.FromHexString(
        "01010048" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200014" + "0002a147" + "0113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004" + "c8fb0b4c");

    /// <summary>Section 2.4, request with long-term authentication (USERNAME, NONCE, REALM, MESSAGE-INTEGRITY; no FINGERPRINT).</summary>
    public static byte[] SampleLongTermRequest => Convert.FromHexString(
        "00010060" + "2112a442" + "78ad3433c6ad72c029da412e" +
        "00060012" + "e3839ee38388e383aae38383e382afe382b90000" +
        "0015001c" + "662f2f3439396b39353464364f4c33346f4c39465354767936347341" +
        "0014000b" + "6578616d706c652e6f726700" +
        "00080014" + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    /// <summary>USERNAME of 2.4: U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 (unchanged by SASLprep).</summary>
    public const string LongTermUsername = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

    /// <summary>Password of 2.4 after SASLprep ("The&lt;U+00AD&gt;M&lt;U+00AA&gt;tr&lt;U+2168&gt;" before).</summary>
    public const string LongTermPasswordAfterSaslPrep = "TheMatrIX";

    public const string LongTermRealm = "example.org";

    public const string LongTermNonce = "f//499k954d6OL34oL9FSTvy64sA";

    /// <summary>Long-term key = MD5(username ":" realm ":" SASLprep(password)) (RFC 5389 section 15.4).</summary>
    public static byte[] LongTermKey =>
        MD5.HashData(Encoding.UTF8.GetBytes($"{LongTermUsername}:{LongTermRealm}:{LongTermPasswordAfterSaslPrep}"));
}
