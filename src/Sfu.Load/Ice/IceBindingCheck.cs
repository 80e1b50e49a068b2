using System.Security.Cryptography;
using Sfu.Core.Ice;

namespace Sfu.Load.Ice;

/// <summary>
/// The controlling side of one ICE connectivity check (RFC 8445 section 7.2.4): writes a binding request with
/// USERNAME "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING, optionally USE-CANDIDATE, MESSAGE-INTEGRITY keyed
/// with the remote password and FINGERPRINT; and checks that a datagram is the authentic success response to it.
/// Allocation-free.
/// </summary>
public static class IceBindingCheck
{
    /// <summary>Room for any request this writes (ufrags up to 256 bytes each).</summary>
    public const int MaxRequestLength = 20 + 4 + 516 + 8 + 12 + 4 + 24 + 8;

    /// <summary>
    /// The priority a host candidate of ours would have (type preference 126, local preference 65535, component 1):
    /// what Chromium puts in its checks.
    /// </summary>
    public const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    /// <summary>A STUN transaction id is 12 bytes.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Writes a fresh random transaction id.</summary>
    public static void NewTransactionId(Span<byte> transactionId) => RandomNumberGenerator.Fill(transactionId[..TransactionIdLength]);

    /// <summary>
    /// Writes a binding request into <paramref name="destination"/> and returns its length.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxRequestLength"/> bytes.</param>
    /// <param name="transactionId">12 bytes, new for every check (a retransmission repeats it).</param>
    /// <param name="username">"remoteUfrag:localUfrag" in UTF-8.</param>
    /// <param name="remotePassword">The remote ICE password in UTF-8 (the key of MESSAGE-INTEGRITY).</param>
    /// <param name="tieBreaker">Our ICE-CONTROLLING tie-breaker.</param>
    /// <param name="useCandidate">Nominate the pair (aggressive nomination, as browsers do towards an ICE-lite server).</param>
    public static int WriteRequest(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        ReadOnlySpan<byte> username,
        ReadOnlySpan<byte> remotePassword,
        ulong tieBreaker,
        bool useCandidate)
    {
        var writer = new StunMessageWriter(destination, StunClass.Request, StunMethod.Binding, transactionId);
        writer.AddUsername(username);
        writer.AddPriority(HostPriority);
        writer.AddIceControlling(tieBreaker);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(remotePassword);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>Checks <paramref name="datagram"/> against the pending check <paramref name="transactionId"/>.</summary>
    public static IceResponseCheck CheckResponse(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> remotePassword)
    {
        if (StunMessage.TryParse(datagram, out var message) != StunParseError.None)
        {
            return IceResponseCheck.NotStun;
        }

        if (message.Method != StunMethod.Binding
            || message.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse)
            || !message.TransactionId.SequenceEqual(transactionId))
        {
            return IceResponseCheck.OtherTransaction;
        }

        if (!message.VerifyMessageIntegrity(remotePassword))
        {
            return IceResponseCheck.BadIntegrity;
        }

        if (message.Class == StunClass.ErrorResponse)
        {
            return IceResponseCheck.Error;
        }

        return message.HasFingerprint && message.TryGetAttribute(StunAttributeType.XorMappedAddress, out _)
            ? IceResponseCheck.Success
            : IceResponseCheck.Incomplete;
    }
}
