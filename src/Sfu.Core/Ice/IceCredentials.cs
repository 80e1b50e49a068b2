using System.Security.Cryptography;
using System.Text;

namespace Sfu.Core.Ice;

/// <summary>
/// An ICE username fragment and password (RFC 8445 section 5.3, RFC 8839 section 5.4):
/// <c>ice-ufrag = 4*256ice-char</c>, <c>ice-pwd = 22*256ice-char</c>, <c>ice-char = ALPHA / DIGIT / "+" / "/"</c>.
/// Keeps their UTF-8 bytes for allocation-free comparisons and MESSAGE-INTEGRITY keys.
/// </summary>
public sealed class IceCredentials
{
    /// <summary>Shortest valid ufrag.</summary>
    public const int MinUfragLength = 4;

    /// <summary>Shortest valid password (128 bits of randomness in base64-like characters).</summary>
    public const int MinPasswordLength = 22;

    /// <summary>Longest valid ufrag or password.</summary>
    public const int MaxLength = 256;

    /// <summary>Ufrag length used by <see cref="Generate"/> (96 random bits: unique enough to route STUN by ufrag).</summary>
    public const int GeneratedUfragLength = 16;

    /// <summary>Password length used by <see cref="Generate"/> (192 random bits).</summary>
    public const int GeneratedPasswordLength = 32;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly byte[] _ufragUtf8;
    private readonly byte[] _passwordUtf8;

    /// <summary>Validates and wraps given credentials (for example the peer's, from its SDP).</summary>
    /// <exception cref="ArgumentException">A value is too short, too long, or has a character outside ice-char.</exception>
    public IceCredentials(string ufrag, string password)
    {
        Validate(ufrag, MinUfragLength, nameof(ufrag));
        Validate(password, MinPasswordLength, nameof(password));
        Ufrag = ufrag;
        Password = password;
        _ufragUtf8 = Encoding.ASCII.GetBytes(ufrag);
        _passwordUtf8 = Encoding.ASCII.GetBytes(password);
    }

    /// <summary>The username fragment (a=ice-ufrag).</summary>
    public string Ufrag { get; }

    /// <summary>The password (a=ice-pwd). Secret: never log it.</summary>
    public string Password { get; }

    /// <summary>UTF-8 bytes of <see cref="Ufrag"/>.</summary>
    public ReadOnlySpan<byte> UfragUtf8 => _ufragUtf8;

    /// <summary>UTF-8 bytes of <see cref="Password"/>: the short-term MESSAGE-INTEGRITY key.</summary>
    public ReadOnlySpan<byte> PasswordUtf8 => _passwordUtf8;

    /// <summary>New random credentials from <see cref="RandomNumberGenerator"/>.</summary>
    public static IceCredentials Generate() =>
        new(
            RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
            RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>True when <paramref name="ufragUtf8"/> equals <see cref="Ufrag"/> (ordinal, bytewise).</summary>
    public bool UfragEquals(ReadOnlySpan<byte> ufragUtf8) => ufragUtf8.SequenceEqual(_ufragUtf8);

    /// <summary>The ufrag only; the password is never printed.</summary>
    public override string ToString() => $"ufrag={Ufrag}";

    private static void Validate(string value, int minLength, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length < minLength || value.Length > MaxLength)
        {
            throw new ArgumentException($"Must be {minLength} to {MaxLength} ice-chars, not {value.Length}.", parameterName);
        }

        if (value.AsSpan().IndexOfAnyExcept(IceChars) >= 0)
        {
            throw new ArgumentException("Only ALPHA, DIGIT, '+' and '/' are allowed (RFC 8445 ice-char).", parameterName);
        }
    }
}
