namespace Sfu.Core.Sdp;

public sealed partial class SdpParser
{
    /// <summary>Splits "name:value" (value null for a property attribute) and checks the name is a token.</summary>
    internal static string? SplitAttribute(string text, out string name, out string? value)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        name = colon < 0 ? text : text[..colon];
        value = colon < 0 ? null : text[(colon + 1)..];
        return SdpSyntax.IsToken(name) ? null : "attribute name " + SdpSyntax.Quote(name) + " is not a token";
    }

    private string? ParseSessionAttribute(string text)
    {
        var failure = SplitAttribute(text, out var name, out var value);
        if (failure is not null)
        {
            return failure;
        }

        var session = _description;
        switch (name)
        {
            case "group":
                return ParseGroup(value);
            case "ice-lite":
                return ParseFlag(name, value, () => session.IceLite = true);
            case "extmap-allow-mixed":
                return ParseFlag(name, value, () => session.ExtmapAllowMixed = true);
            case "ice-ufrag":
                return ParseIceUfrag(value, session.IceUfrag, v => session.IceUfrag = v);
            case "ice-pwd":
                return ParseIcePwd(value, session.IcePwd, v => session.IcePwd = v);
            case "ice-options":
                return ParseIceOptions(value, session.IceOptions);
            case "fingerprint":
                return ParseFingerprint(value, session.Fingerprints);
            case "setup":
                return ParseSetup(value, session.Setup, v => session.Setup = v);
            case "msid-semantic":
                return ParseMsidSemantic(value);
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                if (value is not null)
                {
                    return "a=" + name + " takes no value";
                }

                if (_sessionDirectionSeen)
                {
                    return "second session-level direction attribute a=" + name;
                }

                _sessionDirectionSeen = true;
                MediaDirectionExtensions.TryParse(name, out var direction);
                session.Direction = direction;
                return null;
            default:
                session.OtherAttributes.Add(new SdpAttribute(name, value));
                return null;
        }
    }

    internal static string? ParseFlag(string name, string? value, Action apply)
    {
        if (value is not null)
        {
            return "a=" + name + " takes no value";
        }

        apply();
        return null;
    }

    internal static string? RequireValue(string name, string? value) =>
        string.IsNullOrEmpty(value) ? "a=" + name + " has no value" : null;

    // a=group:<semantics> *(SP <identification-tag>)   (RFC 5888 5)
    private string? ParseGroup(string? value)
    {
        var failure = RequireValue("group", value);
        if (failure is not null)
        {
            return failure;
        }

        var fields = value!.Split(' ');
        if (!SdpSyntax.IsToken(fields[0]))
        {
            return "a=group semantics " + SdpSyntax.Quote(fields[0]) + " is not a token";
        }

        var group = new SdpGroup { Semantics = fields[0] };
        for (int i = 1; i < fields.Length; i++)
        {
            if (!SdpSyntax.IsToken(fields[i]))
            {
                return "a=group mid " + SdpSyntax.Quote(fields[i]) + " is not a token";
            }

            if (group.Mids.Contains(fields[i]))
            {
                return "a=group names mid " + SdpSyntax.Quote(fields[i]) + " twice";
            }

            group.Mids.Add(fields[i]);
        }

        _description.Groups.Add(group);
        _groupLines.Add((group, _lineNumber));
        return null;
    }

    // ice-ufrag = 4*256ice-char   (RFC 8839 5.4)
    internal static string? ParseIceUfrag(string? value, string? existing, Action<string> apply) =>
        ParseIceCredential("ice-ufrag", value, existing, 4, apply);

    // ice-pwd = 22*256ice-char   (RFC 8839 5.4)
    internal static string? ParseIcePwd(string? value, string? existing, Action<string> apply) =>
        ParseIceCredential("ice-pwd", value, existing, 22, apply);

    private static string? ParseIceCredential(string name, string? value, string? existing, int minLength, Action<string> apply)
    {
        var failure = RequireValue(name, value);
        if (failure is not null)
        {
            return failure;
        }

        if (existing is not null)
        {
            return "second a=" + name;
        }

        if (value!.Length < minLength || value.Length > 256 || !value.All(SdpSyntax.IsIceChar))
        {
            return "a=" + name + " must be " + SdpSyntax.Invariant(minLength) + " to 256 letters, digits, '+' or '/'";
        }

        apply(value);
        return null;
    }

    // ice-options = ice-option-tag *(SP ice-option-tag)   (RFC 8839 5.6)
    internal static string? ParseIceOptions(string? value, List<string> options)
    {
        var failure = RequireValue("ice-options", value);
        if (failure is not null)
        {
            return failure;
        }

        foreach (var option in value!.Split(' '))
        {
            if (!SdpSyntax.IsToken(option))
            {
                return "a=ice-options option " + SdpSyntax.Quote(option) + " is not a token";
            }

            options.Add(option);
        }

        return null;
    }

    // fingerprint = hash-func SP 2UHEX *(":" 2UHEX)   (RFC 8122 5)
    internal static string? ParseFingerprint(string? value, List<SdpFingerprint> fingerprints)
    {
        var failure = RequireValue("fingerprint", value);
        if (failure is not null)
        {
            return failure;
        }

        var fields = value!.Split(' ');
        if (fields.Length != 2 || !SdpSyntax.IsToken(fields[0]))
        {
            return "a=fingerprint must be <hash function> <hex bytes>";
        }

        var hex = fields[1];
        bool wellFormed = hex.Length >= 2 && hex.Length <= (64 * 3) - 1 && (hex.Length + 1) % 3 == 0;
        for (int i = 0; wellFormed && i < hex.Length; i++)
        {
            wellFormed = i % 3 == 2 ? hex[i] == ':' : char.IsAsciiHexDigit(hex[i]);
        }

        if (!wellFormed)
        {
            return "a=fingerprint value " + SdpSyntax.Quote(hex) + " is not 1 to 64 hex bytes separated by ':'";
        }

        fingerprints.Add(new SdpFingerprint(fields[0], hex));
        return null;
    }

    // setup = "active" / "passive" / "actpass" / "holdconn"   (RFC 4145 4)
    internal static string? ParseSetup(string? value, DtlsSetup? existing, Action<DtlsSetup> apply)
    {
        var failure = RequireValue("setup", value);
        if (failure is not null)
        {
            return failure;
        }

        if (existing is not null)
        {
            return "second a=setup";
        }

        DtlsSetup? setup = value switch
        {
            "actpass" => DtlsSetup.Actpass,
            "active" => DtlsSetup.Active,
            "passive" => DtlsSetup.Passive,
            "holdconn" => DtlsSetup.Holdconn,
            _ => null,
        };
        if (setup is null)
        {
            return "a=setup " + SdpSyntax.Quote(value!) + " is not actpass, active, passive or holdconn";
        }

        apply(setup.Value);
        return null;
    }

    // a=msid-semantic: WMS [<id> ... | *]   (Chromium writes a space after the colon, Firefox does not)
    private string? ParseMsidSemantic(string? value)
    {
        var failure = RequireValue("msid-semantic", value);
        if (failure is not null)
        {
            return failure;
        }

        if (_description.MsidSemantic is not null)
        {
            return "second a=msid-semantic";
        }

        var fields = SdpSyntax.SplitFields(value!);
        if (fields.Length == 0 || !fields.All(f => SdpSyntax.IsToken(f)))
        {
            return "a=msid-semantic must be a semantic token followed by stream ids";
        }

        _description.MsidSemantic = new MsidSemantic(fields[0], fields.Skip(1));
        return null;
    }
}
