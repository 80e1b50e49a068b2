using BenchmarkDotNet.Attributes;
using Sfu.Core.Sdp;

namespace Sfu.Benchmarks;

/// <summary>Control-plane cost of SDP work per publisher join: parse a Chromium simulcast offer, answer it, write the answer.</summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private string _offerText = "";
    private SessionDescription _offer = new();
    private AnswerOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        _offerText = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "tests", "Sfu.Core.Tests", "Sdp", "Fixtures", "chromium156-simulcast-offer.sdp"));
        if (!SdpParser.TryParse(_offerText, out var offer, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _offer = offer;
        _options = new AnswerOptions
        {
            IceUfrag = "sfuU",
            IcePwd = "sfuPasswordSfuPassword",
            Fingerprint = new SdpFingerprint("sha-256", "AA:BB:CC:DD"),
            SessionId = 1,
        };
        _options.Candidates.Add(IceCandidate.CreateHost("1", "127.0.0.1", 40000));
    }

    [Benchmark]
    public SessionDescription? ParseChromiumOffer() => SdpParser.TryParse(_offerText, out var offer, out _) ? offer : null;

    [Benchmark]
    public SdpAnswerResult CreateAnswer() => SdpNegotiator.CreateAnswer(_offer, _options);

    [Benchmark]
    public string ParseAnswerWrite()
    {
        SdpParser.TryParse(_offerText, out var offer, out _);
        return SdpWriter.Write(SdpNegotiator.CreateAnswer(offer!, _options).Answer);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sfu.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Sfu.sln not found above " + AppContext.BaseDirectory);
    }
}
