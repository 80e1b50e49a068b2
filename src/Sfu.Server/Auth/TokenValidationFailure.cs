namespace Sfu.Server.Auth;

/// <summary>Why a token was refused, in words for the caller.</summary>
public sealed class TokenValidationFailure : Exception
{
    public TokenValidationFailure(string message)
        : base(message)
    {
    }
}
