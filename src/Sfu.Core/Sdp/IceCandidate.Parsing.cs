using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sdp;

public sealed partial class IceCandidate
{
    /// <summary>Longest candidate text accepted (trickled candidates arrive from the network).</summary>
    public const int MaxLength = 2048;

    /// <summary>
    /// Parses a candidate given as the a=candidate value ("foundation component ...") or with its "candidate:" prefix
    /// (the RTCIceCandidate.candidate form). Never throws; on failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string? candidateValue, [NotNullWhen(true)] out IceCandidate? candidate, out string error)
    {
        candidate = null;
        if (string.IsNullOrEmpty(candidateValue))
        {
            error = "candidate is empty";
            return false;
        }

        if (candidateValue.Length > MaxLength)
        {
            error = "candidate is longer than " + SdpSyntax.Invariant(MaxLength) + " characters";
            return false;
        }

        var text = candidateValue.StartsWith("candidate:", StringComparison.Ordinal) ? candidateValue["candidate:".Length..] : candidateValue;
        foreach (char c in text)
        {
            if (c < ' ' || c == '\u007f')
            {
                error = "candidate contains a control character";
                return false;
            }
        }

        var fields = SdpSyntax.SplitFields(text);
        if (fields.Length < 8)
        {
            error = "candidate has " + SdpSyntax.Invariant(fields.Length)
                + " fields, needs at least 8 (foundation component transport priority address port typ type)";
            return false;
        }

        if (!IsValidFoundation(fields[0]))
        {
            error = "candidate foundation " + SdpSyntax.Quote(fields[0]) + " is not 1 to 32 letters, digits, '+' or '/'";
            return false;
        }

        if (!SdpSyntax.TryParseInt(fields[1], 1, 256, out int component) || fields[1].Length > 3)
        {
            error = "candidate component " + SdpSyntax.Quote(fields[1]) + " is not a number from 1 to 256";
            return false;
        }

        IceTransportProtocol transport;
        if (string.Equals(fields[2], "udp", StringComparison.OrdinalIgnoreCase))
        {
            transport = IceTransportProtocol.Udp;
        }
        else if (string.Equals(fields[2], "tcp", StringComparison.OrdinalIgnoreCase))
        {
            transport = IceTransportProtocol.Tcp;
        }
        else
        {
            error = "candidate transport " + SdpSyntax.Quote(fields[2]) + " is neither udp nor tcp";
            return false;
        }

        if (!SdpSyntax.TryParseUInt32(fields[3], out uint priority))
        {
            error = "candidate priority " + SdpSyntax.Quote(fields[3]) + " is not a 32-bit unsigned number";
            return false;
        }

        var address = fields[4];
        if (!SdpSyntax.TryParseInt(fields[5], 0, 65535, out int port))
        {
            error = "candidate port " + SdpSyntax.Quote(fields[5]) + " is not a number from 0 to 65535";
            return false;
        }

        if (!string.Equals(fields[6], "typ", StringComparison.Ordinal))
        {
            error = "candidate has " + SdpSyntax.Quote(fields[6]) + " where 'typ' belongs";
            return false;
        }

        if (!TryParseType(fields[7], out var type))
        {
            error = "candidate type " + SdpSyntax.Quote(fields[7]) + " is not host, srflx, prflx or relay";
            return false;
        }

        var result = new IceCandidate
        {
            Foundation = fields[0],
            Component = component,
            Transport = transport,
            Priority = priority,
            Address = address,
            Port = port,
            Type = type,
        };

        if ((fields.Length - 8) % 2 != 0)
        {
            error = "candidate extension " + SdpSyntax.Quote(fields[^1]) + " has no value";
            return false;
        }

        for (int i = 8; i < fields.Length; i += 2)
        {
            if (!TryApplyExtension(result, fields[i], fields[i + 1], out error))
            {
                return false;
            }
        }

        candidate = result;
        error = "";
        return true;
    }

    private static bool TryApplyExtension(IceCandidate candidate, string name, string value, out string error)
    {
        error = "";
        switch (name)
        {
            case "raddr":
                if (candidate.RelatedAddress is not null)
                {
                    error = "candidate has raddr twice";
                    return false;
                }

                candidate.RelatedAddress = value;
                return true;
            case "rport":
                if (candidate.RelatedPort is not null || !SdpSyntax.TryParseInt(value, 0, 65535, out int relatedPort))
                {
                    error = "candidate rport " + SdpSyntax.Quote(value) + " is not a single number from 0 to 65535";
                    return false;
                }

                candidate.RelatedPort = relatedPort;
                return true;
            case "tcptype":
                IceTcpType? tcpType = value switch
                {
                    "active" => IceTcpType.Active,
                    "passive" => IceTcpType.Passive,
                    "so" => IceTcpType.SimultaneousOpen,
                    _ => null,
                };
                if (tcpType is null || candidate.TcpType is not null)
                {
                    error = "candidate tcptype " + SdpSyntax.Quote(value) + " is not a single active, passive or so";
                    return false;
                }

                candidate.TcpType = tcpType;
                return true;
            case "generation":
                if (candidate.Generation is not null || !SdpSyntax.TryParseInt(value, 0, int.MaxValue, out int generation))
                {
                    error = "candidate generation " + SdpSyntax.Quote(value) + " is not a single non-negative number";
                    return false;
                }

                candidate.Generation = generation;
                return true;
            default:
                if (!SdpSyntax.IsToken(name))
                {
                    error = "candidate extension name " + SdpSyntax.Quote(name) + " is not a token";
                    return false;
                }

                candidate.Extensions.Add(new KeyValuePair<string, string>(name, value));
                return true;
        }
    }

    private static bool TryParseType(string text, out IceCandidateType type)
    {
        switch (text)
        {
            case "host": type = IceCandidateType.Host; return true;
            case "srflx": type = IceCandidateType.ServerReflexive; return true;
            case "prflx": type = IceCandidateType.PeerReflexive; return true;
            case "relay": type = IceCandidateType.Relayed; return true;
            default: type = IceCandidateType.Host; return false;
        }
    }

    private static bool IsValidFoundation(string foundation)
    {
        if (foundation.Length is 0 or > 32)
        {
            return false;
        }

        foreach (char c in foundation)
        {
            if (!SdpSyntax.IsIceChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
