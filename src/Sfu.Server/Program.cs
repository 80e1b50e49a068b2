using Sfu.Server.Endpoints;
using Sfu.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSfuConfiguration();
builder.AddSfuLogging();
builder.AddSfuServices();

var app = builder.Build();
app.MapSfu();
app.Run();

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
