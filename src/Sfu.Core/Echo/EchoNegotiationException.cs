namespace Sfu.Core.Echo;

/// <summary>An offer the echo test cannot answer; the message says what is wrong with it.</summary>
public sealed class EchoNegotiationException : Exception
{
    public EchoNegotiationException(string message)
        : base(message)
    {
    }
}
