using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Sfu.Core.Forwarding;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Hubs;

/// <summary>Checks of hub call arguments; each failure is a <see cref="HubException"/> naming the field and the rule.</summary>
public static partial class HubArguments
{
    public const int MaxNameLength = 64;
    public const int MaxMetadataLength = 4096;

    /// <summary>The longest join token a <c>JoinRequest</c> may carry.</summary>
    public const int MaxTokenLength = 8192;

    /// <summary>Longest publisher offer accepted (characters): a client publishes at most <see cref="MaxTracks"/> tracks.</summary>
    public const int MaxSdpLength = 64 * 1024;

    /// <summary>
    /// Longest subscriber answer accepted (characters): the SDP parser's own limit, room for an answer to an offer of
    /// hundreds of tracks (a room of 100 publishing audio and video).
    /// </summary>
    public const int MaxSubscriberAnswerLength = Sfu.Core.Sdp.SdpParser.MaxLength;
    public const int MaxTracks = 16;

    /// <summary>The largest frame width or height a preference may name.</summary>
    public const int MaxFrameSize = 16384;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex RoomNamePattern();

    private static readonly string[] Sources =
    {
        TrackSources.Camera, TrackSources.Microphone, TrackSources.ScreenShare, TrackSources.ScreenShareAudio, TrackSources.Unknown,
    };

    public static void ValidateJoin(JoinRequest? request)
    {
        if (request is null)
        {
            throw new HubException("Join needs {room, name}.");
        }

        if (request.Room is null || !RoomNamePattern().IsMatch(request.Room))
        {
            throw new HubException("room must be 1-64 characters of letters, digits, '_', '-' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength || request.Name.Any(char.IsControl))
        {
            throw new HubException($"name must be 1-{MaxNameLength} printable characters.");
        }

        if (request.Metadata is { Length: > MaxMetadataLength })
        {
            throw new HubException($"metadata must be at most {MaxMetadataLength} characters.");
        }

        if (request.Token is { Length: > MaxTokenLength })
        {
            throw new HubException($"token must be at most {MaxTokenLength} characters.");
        }

        if (request.Publish is not null)
        {
            ValidatePublish(request.Publish);
        }
    }

    public static void ValidatePublish(PublishRequest? request)
    {
        if (request is null)
        {
            throw new HubException("Publish needs {sdp, tracks}.");
        }

        ValidateSdp(request.Sdp, "publish offer");
        if (request.Tracks is null || request.Tracks.Count > MaxTracks)
        {
            throw new HubException($"tracks must be a list of at most {MaxTracks} entries.");
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in request.Tracks)
        {
            if (t is null || string.IsNullOrEmpty(t.Mid) || t.Mid.Length > 32 || !mids.Add(t.Mid))
            {
                throw new HubException("each track needs a distinct mid (the transceiver's mid after setLocalDescription).");
            }

            if (t.Kind is not ("audio" or "video"))
            {
                throw new HubException($"track {t.Mid}: kind must be 'audio' or 'video'.");
            }

            if (!Sources.Contains(t.Source))
            {
                throw new HubException($"track {t.Mid}: source must be one of {string.Join(", ", Sources)}.");
            }

            if (t.Name is { Length: > MaxNameLength } || t.Width is < 0 or > MaxFrameSize || t.Height is < 0 or > MaxFrameSize)
            {
                throw new HubException($"track {t.Mid}: name at most {MaxNameLength} characters, width and height 0-{MaxFrameSize}.");
            }
        }
    }

    public static void ValidateSdp(string? sdp, string what, int maxLength = MaxSdpLength)
    {
        if (string.IsNullOrWhiteSpace(sdp))
        {
            throw new HubException($"The {what} SDP is missing.");
        }

        if (sdp.Length > maxLength)
        {
            throw new HubException($"The {what} SDP has {sdp.Length} characters; at most {maxLength} are accepted.");
        }
    }

    /// <summary>A subscriber answer: its SDP may be as long as the parser takes (an answer for hundreds of tracks).</summary>
    public static void ValidateSubscriberAnswer(SubscriberAnswerRequest? request)
    {
        if (request is null)
        {
            throw new HubException("SubscriberAnswer needs {version, sdp}.");
        }

        ValidateSdp(request.Sdp, "subscriber answer", MaxSubscriberAnswerLength);
    }

    public static void ValidateTrickle(TrickleRequest? request)
    {
        if (request is null || request.Target is not ("publisher" or "subscriber") || request.Candidate is null || request.Candidate.Length > 1024)
        {
            throw new HubException("Trickle needs {target: 'publisher'|'subscriber', candidate} (candidate at most 1024 characters).");
        }
    }

    public static void ValidateTrackId(string? trackId)
    {
        if (string.IsNullOrEmpty(trackId) || trackId.Length > 64)
        {
            throw new HubException("trackId is missing or too long.");
        }
    }

    public static void ValidatePreference(SubscriptionPreference? preference)
    {
        if (preference is null)
        {
            throw new HubException("SetSubscriptionPreference needs {trackId, ...}.");
        }

        ValidateTrackId(preference.TrackId);
        if (preference.MaxSpatialLayer is { } layer && (layer < 0 || layer > DownTrack.MaxSpatialLayer))
        {
            throw new HubException($"maxSpatialLayer must be 0 (the lowest layer) to {DownTrack.MaxSpatialLayer} (the highest), not {layer}.");
        }

        if (preference.MaxWidth is { } width && (width < 1 || width > MaxFrameSize))
        {
            throw new HubException($"maxWidth must be 1-{MaxFrameSize} pixels (leave it out for no limit), not {width}.");
        }

        if (preference.MaxHeight is { } height && (height < 1 || height > MaxFrameSize))
        {
            throw new HubException($"maxHeight must be 1-{MaxFrameSize} pixels (leave it out for no limit), not {height}.");
        }
    }
}
