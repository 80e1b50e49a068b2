using System.Globalization;

namespace Sfu.Load.Reporting;

/// <summary>The live line printed every second: participants, packet rates, loss, the server's and the tool's CPU and memory.</summary>
public static class ProgressLine
{
    public static string Format(double elapsedSeconds, int target, LoadTotals now, LoadTotals previous, ProcessSample? server, ProcessSample? serverPrevious, ProcessSample? tool, ProcessSample? toolPrevious)
    {
        double seconds = Math.Max(1e-3, (now.AtUs - previous.AtUs) / 1e6);
        double outRate = (now.RtpSent - previous.RtpSent) / seconds;
        double inRate = (now.RtpReceived - previous.RtpReceived) / seconds;
        double inBits = (now.RtpBytesReceived - previous.RtpBytesReceived) * 8 / seconds;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{elapsedSeconds,5:0}s  joined {now.Joined}/{target}  connected {now.Connected}  failed {now.Failed} | out {outRate,7:#,0} pkt/s | in {inRate,8:#,0} pkt/s {inBits / 1e6,6:0.0} Mbit/s | loss {now.LossPercent:0.00}%");
        if (now.DataMessagesSent > 0 || now.DataMessagesReceived > 0)
        {
            line += string.Create(
                CultureInfo.InvariantCulture,
                $" | data out {(now.DataMessagesSent - previous.DataMessagesSent) / seconds,7:#,0} msg/s in {(now.DataMessagesReceived - previous.DataMessagesReceived) / seconds,8:#,0} msg/s");
        }

        if (server is { } s)
        {
            string cpu = serverPrevious is { } sp ? ProcessSampler.CpuPercent(sp, s).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";
            line += string.Create(CultureInfo.InvariantCulture, $" | server cpu {cpu} rss {s.RssBytes / 1048576.0:0} MB");
        }

        if (tool is { } t && toolPrevious is { } tp)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" | tool cpu {ProcessSampler.CpuPercent(tp, t):0}%");
        }

        return line;
    }
}
