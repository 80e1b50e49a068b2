using System.Security.Cryptography;

namespace Sfu.Core.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP (RFC 8122 section 5, <c>a=fingerprint</c>):
/// <code>
/// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
/// hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / ...
/// fingerprint           = 2UHEX *(":" 2UHEX)   ; each byte as two hex digits, colon separated
/// </code>
/// </summary>
/// <remarks>
/// Only the SHA family is accepted (md2/md5 are deprecated by RFC 8122). Equality compares the algorithm
/// ordinal-ignore-case and the digest bytes. <c>default(DtlsFingerprint)</c> is empty and equals only itself.
/// </remarks>
public readonly struct DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>The hash function name used by WebRTC peers and by <see cref="DtlsCertificate.Fingerprint"/>.</summary>
    public const string Sha256 = "sha-256";

    private readonly string? _algorithm;
    private readonly byte[]? _value;

    /// <summary>Creates a fingerprint; <paramref name="value"/> is copied and must have the digest size of <paramref name="algorithm"/>.</summary>
    public DtlsFingerprint(string algorithm, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        string? canonical = CanonicalAlgorithm(algorithm);
        if (canonical is null)
        {
            throw new ArgumentException($"Unsupported fingerprint algorithm '{algorithm}'.", nameof(algorithm));
        }

        if (value.Length != DigestLength(canonical))
        {
            throw new ArgumentException($"A {canonical} fingerprint has {DigestLength(canonical)} bytes, not {value.Length}.", nameof(value));
        }

        _algorithm = canonical;
        _value = value.ToArray();
    }

    /// <summary>Lower-case hash function name, e.g. "sha-256"; empty for <c>default</c>.</summary>
    public string Algorithm => _algorithm ?? string.Empty;

    /// <summary>The digest bytes.</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>True for <c>default(DtlsFingerprint)</c>.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>The SHA-256 fingerprint of a DER-encoded certificate.</summary>
    public static DtlsFingerprint FromCertificateDer(ReadOnlySpan<byte> der)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(der, hash);
        return new DtlsFingerprint(Sha256, hash);
    }

    /// <summary>
    /// Parses the value of an SDP <c>a=fingerprint</c> attribute, e.g. "sha-256 AB:CD:...". Hex digits of either
    /// case are accepted; leading/trailing whitespace is ignored. Never throws.
    /// </summary>
    public static bool TryParse(string? sdpValue, out DtlsFingerprint fingerprint)
    {
        fingerprint = default;
        if (sdpValue is null)
        {
            return false;
        }

        ReadOnlySpan<char> text = sdpValue.AsSpan().Trim();
        int space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        string? algorithm = CanonicalAlgorithm(text[..space]);
        if (algorithm is null)
        {
            return false;
        }

        ReadOnlySpan<char> hex = text[(space + 1)..].TrimStart();
        int length = DigestLength(algorithm);

        // Exactly "XX" followed by (":XX") * (length - 1).
        if (hex.Length != length * 3 - 1)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[64];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                return false;
            }

            int high = HexValue(hex[at]), low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        fingerprint = new DtlsFingerprint(algorithm, bytes[..length]);
        return true;
    }

    /// <summary>The SDP form: algorithm, a space, upper-case hex bytes separated by colons. Empty for <c>default</c>.</summary>
    public override string ToString()
    {
        if (_value is null)
        {
            return string.Empty;
        }

        return string.Create(Algorithm.Length + 1 + _value.Length * 3 - 1, this, static (span, fp) =>
        {
            fp.Algorithm.AsSpan().CopyTo(span);
            int at = fp.Algorithm.Length;
            span[at++] = ' ';
            const string digits = "0123456789ABCDEF";
            for (int i = 0; i < fp._value!.Length; i++)
            {
                if (i > 0)
                {
                    span[at++] = ':';
                }

                span[at++] = digits[fp._value[i] >> 4];
                span[at++] = digits[fp._value[i] & 0xF];
            }
        });
    }

    public bool Equals(DtlsFingerprint other)
    {
        if (_value is null || other._value is null)
        {
            return _value is null && other._value is null;
        }

        return string.Equals(Algorithm, other.Algorithm, StringComparison.OrdinalIgnoreCase)
            && _value.AsSpan().SequenceEqual(other._value);
    }

    public override bool Equals(object? obj) => obj is DtlsFingerprint other && Equals(other);

    public override int GetHashCode()
    {
        if (_value is null)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.Add(Algorithm, StringComparer.OrdinalIgnoreCase);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    public static bool operator ==(DtlsFingerprint left, DtlsFingerprint right) => left.Equals(right);

    public static bool operator !=(DtlsFingerprint left, DtlsFingerprint right) => !left.Equals(right);

    /// <summary>Digest size in bytes of a canonical algorithm name.</summary>
    internal static int DigestLength(string canonicalAlgorithm) => canonicalAlgorithm switch
    {
        "sha-1" => 20,
        "sha-224" => 28,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(canonicalAlgorithm), canonicalAlgorithm, "Unsupported algorithm."),
    };

    private static string? CanonicalAlgorithm(ReadOnlySpan<char> name)
    {
        if (name.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
        {
            return "sha-256";
        }

        if (name.Equals("sha-1", StringComparison.OrdinalIgnoreCase))
        {
            return "sha-1";
        }

        if (name.Equals("sha-224", StringComparison.OrdinalIgnoreCase))
        {
            return "sha-224";
        }

        if (name.Equals("sha-384", StringComparison.OrdinalIgnoreCase))
        {
            return "sha-384";
        }

        if (name.Equals("sha-512", StringComparison.OrdinalIgnoreCase))
        {
            return "sha-512";
        }

        return null;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
