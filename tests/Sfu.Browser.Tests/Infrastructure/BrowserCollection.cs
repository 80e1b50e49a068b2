namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>Browser tests share one server and one Chromium and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
