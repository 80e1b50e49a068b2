namespace Sfu.Core.Forwarding;

/// <summary>The kind of a published track.</summary>
public enum MediaKind
{
    Audio,
    Video,
}
