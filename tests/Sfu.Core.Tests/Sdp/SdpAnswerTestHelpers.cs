using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

internal static class SdpAnswerTestHelpers
{
    public const string Ufrag = "sfuU";
    public const string Pwd = "sfuPasswordSfuPassword";
    public const string FingerprintValue =
        "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    public static AnswerOptions Options()
    {
        var options = new AnswerOptions
        {
            IceUfrag = Ufrag,
            IcePwd = Pwd,
            Fingerprint = new SdpFingerprint("sha-256", FingerprintValue),
            SessionId = 4242,
        };
        options.Candidates.Add(IceCandidate.CreateHost("1", "127.0.0.1", 40000));
        return options;
    }

    public static SessionDescription ParseText(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var description, out var error), error);
        return description;
    }

    /// <summary>Parses the answer text again: what a browser would get.</summary>
    public static SessionDescription Reparse(SdpAnswerResult result) => ParseText(SdpWriter.Write(result.Answer));

    /// <summary>The Chromium capture turned into a camera+microphone sendrecv offer without simulcast, with SSRCs.</summary>
    public static string ChromiumSendRecvOffer()
    {
        var lines = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Split("\r\n")
            .Where(l => !l.StartsWith("a=rid:", StringComparison.Ordinal) && !l.StartsWith("a=simulcast:", StringComparison.Ordinal))
            .Select(l => l == "a=sendonly" ? "a=sendrecv" : l)
            .ToList();
        lines.RemoveAll(l => l.Length == 0);
        lines.AddRange(
        [
            "a=ssrc-group:FID 1111 2222",
            "a=ssrc:1111 cname:8AFUEPjoSM8L8h8F",
            "a=ssrc:1111 msid:c0c9ee8b-c9e3-4bb0-bb0d-22ad8db0a6b8 dbded4c6-2fc8-419a-be92-9dd53fa33c94",
            "a=ssrc:2222 cname:8AFUEPjoSM8L8h8F",
            "a=ssrc:2222 msid:c0c9ee8b-c9e3-4bb0-bb0d-22ad8db0a6b8 dbded4c6-2fc8-419a-be92-9dd53fa33c94",
        ]);
        return string.Join("\r\n", lines) + "\r\n";
    }
}
