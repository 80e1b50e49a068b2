using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sdp;

/// <summary>
/// Parses session descriptions (RFC 8866) as browsers write them for WebRTC (JSEP, RFC 8829). Accepts LF or CRLF line
/// ends, is strict about structure (v= first, then o= and s=, a t= before the first m=, well-formed m=, known line
/// types) and about the attributes it models (payload types 0-127, extmap ids 1-255, ports 0-65535, known directions),
/// and keeps unknown attributes verbatim. Never throws on bad input: every failure is a message naming the line.
/// </summary>
public sealed partial class SdpParser
{
    /// <summary>
    /// Longest input accepted, in characters. A subscriber SDP of a room of 100 where everyone publishes audio and video
    /// (198 m-sections) is about 360,000 characters and 10,800 lines; these limits leave room for 512 m-sections.
    /// </summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>Most lines accepted.</summary>
    public const int MaxLines = 32 * 1024;

    /// <summary>Most m-sections accepted.</summary>
    public const int MaxMediaSections = 512;

    private readonly SessionDescription _description = new();
    private readonly List<(SdpGroup Group, int Line)> _groupLines = [];
    private readonly MediaSectionParser _sections;
    private int _lineNumber;
    private bool _sawTiming;
    private bool _sessionDirectionSeen;

    private SdpParser() => _sections = new MediaSectionParser(_description);

    /// <summary>
    /// Parses <paramref name="text"/>. On failure <paramref name="description"/> is null and <paramref name="error"/>
    /// names the line and the problem, e.g. "line 14: a=rtpmap has no clock rate".
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, out string error)
    {
        description = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "SDP is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = "SDP is " + SdpSyntax.Invariant(text.Length) + " characters, more than the limit of "
                + SdpSyntax.Invariant(MaxLength);
            return false;
        }

        int lineCount = text.AsSpan().Count('\n') + 1;
        if (lineCount > MaxLines)
        {
            error = "SDP has " + SdpSyntax.Invariant(lineCount) + " lines, more than the limit of " + SdpSyntax.Invariant(MaxLines);
            return false;
        }

        var parser = new SdpParser();
        var failure = parser.Parse(text);
        if (failure is not null)
        {
            error = failure;
            return false;
        }

        description = parser._description;
        error = "";
        return true;
    }

    private string? Parse(string text)
    {
        var lines = text.Split('\n');
        int count = lines.Length;
        while (count > 0 && (lines[count - 1].Length == 0 || lines[count - 1] == "\r"))
        {
            count--;
        }

        if (count == 0)
        {
            return "SDP is empty";
        }

        for (int i = 0; i < count; i++)
        {
            _lineNumber = i + 1;
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (line.Length > 0 && line[0] == 'm' && _lineNumber > 3)
            {
                var previous = _sections.FinishSection();
                if (previous is not null)
                {
                    return previous;
                }
            }

            var failure = ParseLine(line);
            if (failure is not null)
            {
                return "line " + SdpSyntax.Invariant(_lineNumber) + ": " + failure;
            }
        }

        return _sections.FinishSection() ?? FinishSession(count);
    }

    private string? ParseLine(string line)
    {
        if (line.Length == 0)
        {
            return "empty line";
        }

        foreach (char c in line)
        {
            if (c < ' ' || c == '\u007f')
            {
                return "contains the control character U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (line.Length < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
        {
            return SdpSyntax.Quote(line) + " is not of the form <type>=<value>";
        }

        char type = line[0];
        var value = line[2..];
        switch (_lineNumber)
        {
            case 1:
                return type == 'v' ? ParseVersion(value) : "the first line must be v=0, found " + type + "=";
            case 2:
                return type == 'o' ? ParseOrigin(value) : "the second line must be o=, found " + type + "=";
            case 3:
                return type == 's' ? ParseSessionName(value) : "the third line must be s=, found " + type + "=";
        }

        if (type == 'm')
        {
            return _sawTiming ? _sections.StartSection(value) : "m= before any t= line";
        }

        return _sections.Media is null ? ParseSessionLine(type, value) : _sections.ParseLine(type, value, _lineNumber);
    }

    private string? ParseSessionLine(char type, string value)
    {
        switch (type)
        {
            case 't':
                if (_sawTiming)
                {
                    return "second t= line (one time description is supported)";
                }

                _sawTiming = true;
                return ParseTiming(value);
            case 'c':
                if (_description.Connection is not null)
                {
                    return "second session-level c= line";
                }

                _description.Connection = ParseConnection(value, out var connectionError);
                return connectionError;
            case 'b':
                var bandwidth = ParseBandwidth(value, out var bandwidthError);
                if (bandwidth is not null)
                {
                    _description.Bandwidths.Add(bandwidth);
                }

                return bandwidthError;
            case 'a':
                return ParseSessionAttribute(value);
            case 'i' or 'u' or 'e' or 'p' or 'r' or 'z' or 'k':
                if ((type is 'r' or 'z') && !_sawTiming)
                {
                    return type + "= before t=";
                }

                _description.OtherLines.Add(new SdpLine(type, value));
                return null;
            case 'v' or 'o' or 's':
                return "second " + type + "= line";
            default:
                return "unknown line type '" + type + "'";
        }
    }

    private static string? ParseVersion(string value) =>
        value == "0" ? null : "v= must be 0, found " + SdpSyntax.Quote(value);

    // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
    private string? ParseOrigin(string value)
    {
        var fields = value.Split(' ');
        if (fields.Length != 6)
        {
            return "o= needs 6 fields (username sess-id sess-version nettype addrtype address), found "
                + SdpSyntax.Invariant(fields.Length);
        }

        if (!SdpSyntax.IsNonSpaceText(fields[0]))
        {
            return "o= username is empty";
        }

        if (!SdpSyntax.TryParseUInt64(fields[1], out ulong sessionId))
        {
            return "o= session id " + SdpSyntax.Quote(fields[1]) + " is not a 64-bit unsigned number";
        }

        if (!SdpSyntax.TryParseUInt64(fields[2], out ulong sessionVersion))
        {
            return "o= session version " + SdpSyntax.Quote(fields[2]) + " is not a 64-bit unsigned number";
        }

        if (!SdpSyntax.IsToken(fields[3]) || !SdpSyntax.IsToken(fields[4]) || !SdpSyntax.IsNonSpaceText(fields[5]))
        {
            return "o= network type, address type or address is malformed";
        }

        _description.Origin = new SdpOrigin
        {
            Username = fields[0],
            SessionId = sessionId,
            SessionVersion = sessionVersion,
            NetworkType = fields[3],
            AddressType = fields[4],
            Address = fields[5],
        };
        return null;
    }

    private string? ParseSessionName(string value)
    {
        if (value.Length == 0)
        {
            return "s= is empty (write s=- or s=' ' for no name)";
        }

        _description.SessionName = value;
        return null;
    }

    // t=<start-time> <stop-time>
    private string? ParseTiming(string value)
    {
        var fields = value.Split(' ');
        if (fields.Length != 2 || !SdpSyntax.TryParseUInt64(fields[0], out ulong start) || !SdpSyntax.TryParseUInt64(fields[1], out ulong stop))
        {
            return "t= must be two numbers, e.g. t=0 0";
        }

        _description.Timing = new SdpTiming { StartTime = start, StopTime = stop };
        return null;
    }

    // c=<nettype> <addrtype> <connection-address>
    internal static SdpConnection? ParseConnection(string value, out string? error)
    {
        var fields = value.Split(' ');
        if (fields.Length != 3 || !SdpSyntax.IsToken(fields[0]) || !SdpSyntax.IsToken(fields[1]) || !SdpSyntax.IsNonSpaceText(fields[2]))
        {
            error = "c= must be <nettype> <addrtype> <address>, e.g. c=IN IP4 0.0.0.0";
            return null;
        }

        error = null;
        return new SdpConnection(fields[0], fields[1], fields[2]);
    }

    // b=<bwtype>:<bandwidth>
    internal static SdpBandwidth? ParseBandwidth(string value, out string? error)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !SdpSyntax.IsToken(value.AsSpan(0, colon)) || !SdpSyntax.TryParseUInt64(value.AsSpan(colon + 1), out ulong bandwidth))
        {
            error = "b= must be <type>:<number>, e.g. b=AS:2000";
            return null;
        }

        error = null;
        return new SdpBandwidth(value[..colon], bandwidth);
    }

    private string? FinishSession(int lineCount)
    {
        if (!_sawTiming)
        {
            return "line " + SdpSyntax.Invariant(lineCount) + ": the description has no t= line";
        }

        foreach (var (group, line) in _groupLines)
        {
            foreach (var mid in group.Mids)
            {
                if (_description.FindMedia(mid) is null)
                {
                    return "line " + SdpSyntax.Invariant(line) + ": a=group:" + group.Semantics + " names mid "
                        + SdpSyntax.Quote(mid) + " that no m-section has";
                }
            }
        }

        return null;
    }
}
