using System.Text.Json;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>A structural dump of a parsed model (every public property, lists in order) for equality checks.</summary>
internal static class SdpModelDump
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Dump(SessionDescription description) => JsonSerializer.Serialize(description, Options);
}
