namespace Sfu.Core.Sdp;

/// <summary>The t= line (RFC 8866 5.9); WebRTC always writes "t=0 0".</summary>
public sealed class SdpTiming
{
    public ulong StartTime { get; set; }

    public ulong StopTime { get; set; }
}
