using Sfu.Server.Auth;
using Sfu.Server.Endpoints;
using Sfu.Server.Hosting;

if (args.Length > 0 && args[0] == "token")
{
    // `token --room R --identity I ...`: print a join/admin token with the configured keys; the server does not start.
    var config = WebApplication.CreateBuilder(args[1..]).AddSfuConfiguration().Configuration;
    return TokenCommand.Run(args[1..], config, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSfuConfiguration();
builder.AddSfuLogging();
builder.AddSfuServices();

var app = builder.Build();
app.MapSfu();
app.Run();
return 0;

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
