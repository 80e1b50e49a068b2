using Microsoft.Playwright;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// One server and one headless Debian Chromium (with a fake camera and microphone) shared by the browser tests.
/// Chromium comes from Debian's package (scripts/ensure-deps.sh installs it); Playwright never downloads a browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public SfuServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/test.sh, which installs Debian's chromium package.");
        }

        Server = new SfuServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync();
    }

    /// <summary>
    /// Starts another headless Chromium with the same flags as <see cref="Browser"/> and <paramref name="extraArgs"/>
    /// (e.g. a file for the fake microphone); the caller closes it.
    /// </summary>
    public Task<IBrowser> LaunchAsync(params string[] extraArgs)
        => _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = new[]
            {
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--autoplay-policy=no-user-gesture-required",
            }.Concat(extraArgs).ToArray(),
        });

    /// <summary>A fresh page in its own context (of <paramref name="browser"/>, else <see cref="Browser"/>), with camera and microphone granted, on the test server.</summary>
    public async Task<IPage> NewPageAsync(IBrowser? browser = null)
    {
        var context = await (browser ?? Browser).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Permissions = new[] { "camera", "microphone" },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
