using System.Globalization;

namespace Sfu.Core.Sdp;

/// <summary>Lexical helpers shared by the SDP and candidate parsers (RFC 8866 9 grammar).</summary>
internal static class SdpSyntax
{
    /// <summary>
    /// token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E (RFC 8866 9).
    /// </summary>
    public static bool IsTokenChar(char c) =>
        c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
        || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Non-empty visible text without spaces (byte-string without SP, used for addresses and opaque values).</summary>
    public static bool IsNonSpaceText(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c <= ' ' || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 5.1).</summary>
    public static bool IsIceChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/';

    /// <summary>Unsigned decimal digits only (no sign, no spaces), within [min, max].</summary>
    public static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 10 || !IsDigits(text))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) || parsed < min || parsed > max)
        {
            return false;
        }

        value = (int)parsed;
        return true;
    }

    /// <summary>Unsigned decimal digits only, as a 32-bit unsigned integer.</summary>
    public static bool TryParseUInt32(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        return !text.IsEmpty && text.Length <= 10 && IsDigits(text)
            && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Unsigned decimal digits only, as a 64-bit unsigned integer.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        return !text.IsEmpty && text.Length <= 20 && IsDigits(text)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    /// <summary>Splits on single spaces, dropping empty parts.</summary>
    public static string[] SplitFields(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits "head rest" at the first space; the tail is null when there is no space.</summary>
    public static (string Head, string? Tail) SplitFirst(string text)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, null) : (text[..space], text[(space + 1)..]);
    }

    /// <summary>Shortens text for an error message.</summary>
    public static string Quote(string text) => text.Length <= 40 ? "'" + text + "'" : "'" + text[..40] + "...'";

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
