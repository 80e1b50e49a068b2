using Microsoft.Extensions.FileProviders;

namespace Sfu.Server.Endpoints;

/// <summary>The pages and scripts the server serves, embedded in the assembly (folder <c>Web/</c>).</summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(PageEndpoints).Assembly, "Web");
        app.MapGet("/", () => Page(files, "index.html"));
        app.MapGet("/echo", () => Page(files, "echo.html"));
        app.MapGet("/js/{file}", (string file) => Script(files, file));
        return app;
    }

    private static IResult Page(IFileProvider files, string name)
    {
        var f = files.GetFileInfo(name);
        return f.Exists ? Results.Stream(f.CreateReadStream(), "text/html; charset=utf-8") : Results.NotFound();
    }

    private static IResult Script(IFileProvider files, string name)
    {
        if (name.Contains("..", StringComparison.Ordinal) || !name.EndsWith(".js", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var f = files.GetFileInfo("js/" + name);
        return f.Exists ? Results.Stream(f.CreateReadStream(), "text/javascript; charset=utf-8") : Results.NotFound();
    }
}
