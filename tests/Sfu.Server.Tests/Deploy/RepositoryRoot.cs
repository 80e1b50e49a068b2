namespace Sfu.Server.Tests.Deploy;

/// <summary>The repository's root folder (the one holding Sfu.sln), found from the test binaries upwards.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Sfu.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sfu.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Root.Value;

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
