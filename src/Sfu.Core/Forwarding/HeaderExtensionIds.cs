using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The header extension ids one side (publisher or subscriber) negotiated for the extensions the forwarding core reads
/// or writes; 0 where not negotiated. Ids outside 1..255 count as not negotiated.
/// </summary>
internal readonly struct HeaderExtensionIds
{
    public int Mid { get; init; }

    public int RtpStreamId { get; init; }

    public int RepairedRtpStreamId { get; init; }

    public int AudioLevel { get; init; }

    public int VideoOrientation { get; init; }

    public int TransmissionOffset { get; init; }

    public int PlayoutDelay { get; init; }

    public int TransportWideCc { get; init; }

    public int AbsSendTime { get; init; }

    /// <summary>True when any extension whose value is copied from publisher to subscriber was negotiated.</summary>
    public bool HasCopiedExtensions => AudioLevel != 0 || VideoOrientation != 0 || TransmissionOffset != 0 || PlayoutDelay != 0;

    public static HeaderExtensionIds From(IReadOnlyDictionary<string, int> extensions) => new()
    {
        Mid = Id(extensions, RtpHeaderExtensionUri.Mid),
        RtpStreamId = Id(extensions, RtpHeaderExtensionUri.RtpStreamId),
        RepairedRtpStreamId = Id(extensions, RtpHeaderExtensionUri.RepairedRtpStreamId),
        AudioLevel = Id(extensions, RtpHeaderExtensionUri.AudioLevel),
        VideoOrientation = Id(extensions, RtpHeaderExtensionUri.VideoOrientation),
        TransmissionOffset = Id(extensions, RtpHeaderExtensionUri.TransmissionTimeOffset),
        PlayoutDelay = Id(extensions, RtpHeaderExtensionUri.PlayoutDelay),
        TransportWideCc = Id(extensions, RtpHeaderExtensionUri.TransportWideCc),
        AbsSendTime = Id(extensions, RtpHeaderExtensionUri.AbsSendTime),
    };

    private static int Id(IReadOnlyDictionary<string, int> extensions, string uri) =>
        extensions.TryGetValue(uri, out int id) && id is >= 1 and <= 255 ? id : 0;
}
