namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>Waits for something a room's loop does after a timer fired (the timer only queues a command).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting until " + what);
            }

            await Task.Delay(5);
        }
    }
}
