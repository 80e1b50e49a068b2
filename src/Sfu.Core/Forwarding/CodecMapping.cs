using Sfu.Core.Rtp.Codecs;
using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Matches a publisher's codecs to a subscriber's (same MIME type, clock rate, channels and the fmtp parameters that
/// identify the codec, through <see cref="RtpCodecMatcher"/>), builds the payload type maps the hot path indexes, and
/// detects keyframes per codec family. Matching runs at setup and allocates (the publisher's side is parsed once per
/// track, the subscriber's once per subscription); the per-packet parts do not.
/// </summary>
internal static class CodecMapping
{
    /// <summary>Marks a publisher payload type the subscriber has no codec for.</summary>
    public const byte NoPayloadType = 0xFF;

    /// <summary>
    /// The publisher's codecs as capabilities to match subscriber codecs against, in the same order: built once per
    /// published track, so that subscribing parses only the subscriber's side.
    /// </summary>
    public static RtpCodecCapability[] ToCapabilities(IReadOnlyList<NegotiatedCodec> codecs)
    {
        var capabilities = new RtpCodecCapability[codecs.Count];
        for (int i = 0; i < codecs.Count; i++)
        {
            NegotiatedCodec codec = codecs[i];
            var capability = new RtpCodecCapability
            {
                Kind = KindOf(codec.MimeType),
                MimeType = codec.MimeType,
                ClockRate = codec.ClockRate,
                Channels = codec.Channels,
            };
            foreach (var (key, value) in codec.GetParameterMap())
            {
                capability.Parameters[key] = value;
            }

            capabilities[i] = capability;
        }

        return capabilities;
    }

    /// <summary>
    /// True when some publisher codec that carries media itself (not RED, FEC, DTMF or comfort noise) has a match among
    /// <paramref name="subscriberCodecs"/>. <paramref name="publisher"/> is the publisher's codecs as
    /// <see cref="ToCapabilities"/> made them.
    /// </summary>
    public static bool HasCommonMediaCodec(RtpCodecCapability[] publisher, IReadOnlyList<NegotiatedCodec> subscriberCodecs)
    {
        var subscriberParameters = ParameterMaps(subscriberCodecs);
        foreach (RtpCodecCapability capability in publisher)
        {
            if (IsAuxiliary(capability.EncodingName))
            {
                continue;
            }

            for (int i = 0; i < subscriberCodecs.Count; i++)
            {
                if (Matches(capability, subscriberCodecs[i], subscriberParameters[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Publisher payload type → subscriber payload type (<see cref="NoPayloadType"/> where there is none).
    /// <paramref name="publisher"/> is <paramref name="publisherCodecs"/> as <see cref="ToCapabilities"/> made them.
    /// </summary>
    public static byte[] BuildPayloadTypeMap(IReadOnlyList<NegotiatedCodec> publisherCodecs, RtpCodecCapability[] publisher, IReadOnlyList<NegotiatedCodec> subscriberCodecs)
    {
        var map = new byte[128];
        Array.Fill(map, NoPayloadType);
        var subscriberParameters = ParameterMaps(subscriberCodecs);
        for (int p = 0; p < publisherCodecs.Count; p++)
        {
            int payloadType = publisherCodecs[p].PayloadType;
            if ((uint)payloadType > 127 || map[payloadType] != NoPayloadType)
            {
                continue;
            }

            for (int i = 0; i < subscriberCodecs.Count; i++)
            {
                NegotiatedCodec subscriber = subscriberCodecs[i];
                if ((uint)subscriber.PayloadType <= 127 && Matches(publisher[p], subscriber, subscriberParameters[i]))
                {
                    map[payloadType] = (byte)subscriber.PayloadType;
                    break;
                }
            }
        }

        return map;
    }

    /// <summary>Payload type → what it is, for the publisher's codecs.</summary>
    public static PayloadTypeInfo[] BuildPayloadTypeTable(IReadOnlyList<NegotiatedCodec> codecs)
    {
        var table = new PayloadTypeInfo[128];
        foreach (var codec in codecs)
        {
            if ((uint)codec.PayloadType <= 127 && !table[codec.PayloadType].IsKnown)
            {
                table[codec.PayloadType] = new PayloadTypeInfo(false, FamilyOf(codec), codec.ClockRate);
            }
        }

        foreach (var codec in codecs)
        {
            if (codec.RtxPayloadType is int rtx && (uint)rtx <= 127 && (uint)codec.PayloadType <= 127 && !table[rtx].IsKnown)
            {
                table[rtx] = new PayloadTypeInfo(true, CodecFamily.Other, codec.ClockRate, (byte)codec.PayloadType);
            }
        }

        return table;
    }

    public static CodecFamily FamilyOf(NegotiatedCodec codec) => codec.EncodingName.ToUpperInvariant() switch
    {
        "VP8" => CodecFamily.Vp8,
        "VP9" => CodecFamily.Vp9,
        "H264" => CodecFamily.H264,
        "AV1" => CodecFamily.Av1,
        _ => CodecFamily.Other,
    };

    /// <summary>True when the payload starts a keyframe of its codec; always false for <see cref="CodecFamily.Other"/>.</summary>
    public static bool IsKeyframe(CodecFamily family, ReadOnlySpan<byte> payload) => family switch
    {
        CodecFamily.Vp8 => Vp8PayloadDescriptor.IsKeyframe(payload),
        CodecFamily.Vp9 => Vp9PayloadDescriptor.IsKeyframe(payload),
        CodecFamily.H264 => H264Packetization.IsKeyframe(payload),
        CodecFamily.Av1 => Av1Packetization.IsKeyframe(payload),
        _ => false,
    };

    /// <summary>True when the publisher's codec and the subscriber's are the same codec (payload types aside).</summary>
    private static bool Matches(RtpCodecCapability publisher, NegotiatedCodec subscriber, IReadOnlyDictionary<string, string> subscriberParameters) =>
        string.Equals(publisher.Kind, KindOf(subscriber.MimeType), StringComparison.Ordinal)
        && RtpCodecMatcher.Matches(publisher, publisher.Kind, subscriber.EncodingName, subscriber.ClockRate, subscriber.Channels, subscriberParameters);

    private static IReadOnlyDictionary<string, string>[] ParameterMaps(IReadOnlyList<NegotiatedCodec> codecs)
    {
        var maps = new IReadOnlyDictionary<string, string>[codecs.Count];
        for (int i = 0; i < codecs.Count; i++)
        {
            maps[i] = codecs[i].GetParameterMap();
        }

        return maps;
    }

    private static bool IsAuxiliary(string encodingName) => encodingName.ToUpperInvariant() switch
    {
        "RED" or "ULPFEC" or "FLEXFEC-03" or "TELEPHONE-EVENT" or "CN" or "RTX" => true,
        _ => false,
    };

    private static string KindOf(string mimeType)
    {
        int slash = mimeType.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? mimeType : mimeType[..slash]).ToLowerInvariant();
    }
}
