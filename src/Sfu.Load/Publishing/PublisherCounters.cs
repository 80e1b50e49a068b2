namespace Sfu.Load.Publishing;

/// <summary>What one publisher sent and received besides RTP (written by its media loop thread, read by the reporter).</summary>
public sealed class PublisherCounters
{
    public long FramesSent;
    public long SenderReportsSent;
    public long PlisReceived;
    public long FirsReceived;
    public long NacksReceived;
    public long RembsReceived;
    public long TransportFeedbackReceived;
    public long ReceiverReportsReceived;
}
