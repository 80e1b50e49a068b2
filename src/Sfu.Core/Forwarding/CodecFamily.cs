namespace Sfu.Core.Forwarding;

/// <summary>The codecs whose keyframes the receive side recognises; everything else is <see cref="Other"/>.</summary>
internal enum CodecFamily : byte
{
    Other,
    Vp8,
    Vp9,
    H264,
    Av1,
}
