using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>Bytes the application holds count against our advertised window: the peer stops, and resumes when they are released.</summary>
public sealed class SctpBackpressureTests
{
    [Fact]
    public void Held_bytes_close_the_window_and_releasing_them_reopens_it_at_once()
    {
        var options = new SctpOptions { ReceiveBufferSize = 256 * 1024 };
        var link = new SctpTestLink(b: options);
        link.Connect();
        var message = new byte[16 * 1024];
        int held = 0;
        link.B.OnMessage = (_, _, payload) =>
        {
            link.B.Association.HoldReceived(payload.Length); // a relay whose receiver is slow keeps every message
            held += payload.Length;
        };

        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(1, 53, message));
        }

        link.Run(5_000);
        Assert.Equal(held, link.B.Association.ApplicationHeldBytes);
        Assert.InRange(held, 200 * 1024, (256 + 16) * 1024); // about the window's worth arrived, then A stopped
        Assert.True(link.A.Association.BufferedAmount > 0, "A sent everything although B's window was closed");

        link.B.OnMessage = null;
        long before = link.B.Association.Stats.SacksSent;
        link.B.Association.ReleaseReceived(held);
        Assert.Equal(0, link.B.Association.ApplicationHeldBytes);
        Assert.Equal(before + 1, link.B.Association.Stats.SacksSent); // the window update goes out at once
        Assert.True(link.RunUntil(() => link.A.Association.BufferedAmount == 0, 5_000));
        Assert.Equal(40, link.B.MessageCount);
    }
}
