using System.Net;
using Sfu.Core.Net;

namespace Sfu.Core.Ice;

/// <summary>
/// The server side of ICE for one WebRTC transport, as an ICE-lite agent (RFC 8445 sections 2.5 and 7.3): it never
/// sends checks, it answers the peer's Binding requests, validates the addresses they come from, follows the peer's
/// nomination (USE-CANDIDATE) and tracks consent freshness (RFC 7675) from the checks' arrival times.
/// </summary>
/// <remarks>
/// Not thread-safe: owned by the one media worker that receives the transport's datagrams. No timers or threads:
/// the caller passes the current time in milliseconds (from its TimeProvider) and calls <see cref="Tick"/>.
/// Processing a check allocates nothing, except a copy of the sender's address the first time it is validated.
/// </remarks>
public sealed class IceLiteAgent
{
    /// <summary>A response buffer of this size always suffices for <see cref="ProcessBindingRequest"/>.</summary>
    public const int MaxResponseLength = 128;

    /// <summary>How many validated remote addresses are remembered (least recently validated evicted first; the selected one never).</summary>
    public const int MaxValidatedRemotes = 8;

    /// <summary>Consent expires after 30 s without a valid check (RFC 7675 section 5.1).</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly long _consentTimeoutMs;
    private readonly SocketAddress?[] _validated = new SocketAddress?[MaxValidatedRemotes];
    private readonly long[] _validatedAtMs = new long[MaxValidatedRemotes];
    private int _validatedCount;
    private IceCredentials _local;
    private SocketAddress? _selected;
    private IceState _state;
    private long _lastConsentMs;

    /// <summary>Creates an agent in state <see cref="IceState.New"/> answering to <paramref name="local"/>.</summary>
    public IceLiteAgent(IceCredentials local, TimeSpan? consentTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        TimeSpan timeout = consentTimeout ?? DefaultConsentTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(consentTimeout), timeout, "The consent timeout must be positive.");
        }

        _local = local;
        _consentTimeoutMs = (long)timeout.TotalMilliseconds;
        _state = IceState.New;
    }

    /// <summary>Our credentials (the ones in our SDP answer).</summary>
    public IceCredentials Local => _local;

    /// <summary>Current state.</summary>
    public IceState State => _state;

    /// <summary>
    /// The address the peer nominated, where media goes; null before nomination and after <see cref="Close"/>.
    /// The instance belongs to the agent and is replaced, never mutated, when the selection changes: do not mutate it.
    /// </summary>
    public SocketAddress? SelectedRemote => _selected;

    /// <summary>Time (ms, caller's clock) of the last valid check; meaningless while <see cref="State"/> is <see cref="IceState.New"/>.</summary>
    public long LastConsentMs => _lastConsentMs;

    /// <summary>How long consent lasts without a valid check.</summary>
    public TimeSpan ConsentTimeout => TimeSpan.FromMilliseconds(_consentTimeoutMs);

    /// <summary>Number of remembered validated remote addresses.</summary>
    public int ValidatedRemoteCount => _validatedCount;

    /// <summary>
    /// Handles a STUN request received from <paramref name="remote"/> and writes the response to send back to it
    /// (<paramref name="responseLength"/> is 0 when nothing must be sent). See <see cref="IceCheckOutcome"/>.
    /// </summary>
    /// <param name="request">A message that passed <see cref="StunMessage.TryParse"/> (so its FINGERPRINT, if any, is correct).</param>
    /// <param name="remote">The sender, as filled by ReceiveFrom. Copied if validated, never kept.</param>
    /// <param name="nowMs">Current time in milliseconds.</param>
    /// <param name="response">At least <see cref="MaxResponseLength"/> bytes, not overlapping the request.</param>
    /// <param name="responseLength">Bytes of <paramref name="response"/> to send.</param>
    public IceCheckOutcome ProcessBindingRequest(in StunMessage request, SocketAddress remote, long nowMs, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (response.Length < MaxResponseLength)
        {
            throw new ArgumentException($"The response buffer must hold at least {MaxResponseLength} bytes.", nameof(response));
        }

        responseLength = 0;
        if (_state == IceState.Closed)
        {
            return IceCheckOutcome.RejectedUnknownUsername;
        }

        if (request.Class != StunClass.Request)
        {
            return IceCheckOutcome.NotARequest;
        }

        // RFC 8489 section 9.1.3: a request without USERNAME and MESSAGE-INTEGRITY gets 400; ICE checks also
        // always carry FINGERPRINT (RFC 8445 section 7.2.2).
        if (request.Method != StunMethod.Binding
            || !request.HasMessageIntegrity
            || !request.HasFingerprint
            || !request.TryGetUsername(out ReadOnlySpan<byte> username))
        {
            responseLength = WriteError(request, StunErrorCodes.BadRequest, "Bad Request"u8, authenticated: false, response);
            return IceCheckOutcome.RejectedBadRequest;
        }

        if (!StunUsername.TryGetLocalFragment(username, out ReadOnlySpan<byte> localFragment) || !_local.UfragEquals(localFragment))
        {
            responseLength = WriteError(request, StunErrorCodes.Unauthenticated, "Unauthenticated"u8, authenticated: false, response);
            return IceCheckOutcome.RejectedUnknownUsername;
        }

        if (!request.VerifyMessageIntegrity(_local.PasswordUtf8))
        {
            responseLength = WriteError(request, StunErrorCodes.Unauthenticated, "Unauthenticated"u8, authenticated: false, response);
            return IceCheckOutcome.RejectedUnauthorized;
        }

        // Authenticated from here on: error responses carry MESSAGE-INTEGRITY.
        IceCheckOutcome? roleProblem = CheckRoleAttributes(request);
        if (roleProblem is IceCheckOutcome rejection)
        {
            responseLength = rejection == IceCheckOutcome.RejectedRoleConflict
                ? WriteError(request, StunErrorCodes.RoleConflict, "Role Conflict"u8, authenticated: true, response)
                : WriteError(request, StunErrorCodes.BadRequest, "Bad Request"u8, authenticated: true, response);
            return rejection;
        }

        SocketAddress validated = RecordValidated(remote, nowMs);
        _lastConsentMs = nowMs;
        IceCheckOutcome outcome = IceCheckOutcome.Accepted;
        if (request.UseCandidate)
        {
            outcome = _selected is null || ReferenceEquals(_selected, validated)
                ? IceCheckOutcome.AcceptedAndNominated
                : IceCheckOutcome.SelectedAddressChanged;
            _selected = validated;
        }

        _state = _selected is null ? IceState.Connected : IceState.Completed;

        var writer = new StunMessageWriter(response, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(remote);
        writer.AddMessageIntegrity(_local.PasswordUtf8);
        writer.AddFingerprint();
        responseLength = writer.Length;
        return outcome;
    }

    /// <summary>
    /// True when a valid check came from <paramref name="remote"/>: DTLS (and media) from it may be accepted even
    /// before nomination (browsers send the ClientHello right after their first check).
    /// </summary>
    public bool IsValidatedRemote(SocketAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_selected is not null && SocketAddressExtensions.ContentEquals(_selected, remote))
        {
            return true;
        }

        return IndexOfValidated(remote) >= 0;
    }

    /// <summary>
    /// Advances consent freshness: <see cref="IceState.Connected"/> or <see cref="IceState.Completed"/> becomes
    /// <see cref="IceState.Disconnected"/> once no valid check arrived for <see cref="ConsentTimeout"/>.
    /// Returns the (possibly new) state.
    /// </summary>
    public IceState Tick(long nowMs)
    {
        if (_state is IceState.Connected or IceState.Completed && nowMs - _lastConsentMs >= _consentTimeoutMs)
        {
            _state = IceState.Disconnected;
        }

        return _state;
    }

    /// <summary>
    /// ICE restart: from now on only <paramref name="newLocal"/> is accepted. The selected and validated addresses
    /// and the state are kept, so media keeps flowing until the peer nominates again.
    /// </summary>
    public void Restart(IceCredentials newLocal)
    {
        ArgumentNullException.ThrowIfNull(newLocal);
        if (_state == IceState.Closed)
        {
            throw new InvalidOperationException("The ICE agent is closed.");
        }

        _local = newLocal;
    }

    /// <summary>Closes the agent: forgets all addresses; requests are ignored from now on.</summary>
    public void Close()
    {
        _state = IceState.Closed;
        _selected = null;
        Array.Clear(_validated);
        _validatedCount = 0;
    }

    // Null when the ICE role attributes are acceptable; otherwise the rejection.
    private static IceCheckOutcome? CheckRoleAttributes(in StunMessage request)
    {
        if (!request.TryGetPriority(out _))
        {
            return IceCheckOutcome.RejectedBadRequest;
        }

        if (request.TryGetAttribute(StunAttributeType.IceControlled, out ReadOnlySpan<byte> controlled))
        {
            // A lite agent is always controlled (RFC 8445 section 6.1.1), so the peer must be controlling.
            return controlled.Length == 8 ? IceCheckOutcome.RejectedRoleConflict : IceCheckOutcome.RejectedBadRequest;
        }

        if (request.TryGetAttribute(StunAttributeType.IceControlling, out ReadOnlySpan<byte> controlling) && controlling.Length != 8)
        {
            return IceCheckOutcome.RejectedBadRequest;
        }

        return null;
    }

    private SocketAddress RecordValidated(SocketAddress remote, long nowMs)
    {
        int index = IndexOfValidated(remote);
        if (index < 0)
        {
            index = _validatedCount < MaxValidatedRemotes ? _validatedCount++ : LeastRecentlyValidatedExceptSelected();
            _validated[index] = remote.Clone();
        }

        _validatedAtMs[index] = nowMs;
        return _validated[index]!;
    }

    private int IndexOfValidated(SocketAddress remote)
    {
        for (int i = 0; i < _validatedCount; i++)
        {
            if (SocketAddressExtensions.ContentEquals(_validated[i]!, remote))
            {
                return i;
            }
        }

        return -1;
    }

    private int LeastRecentlyValidatedExceptSelected()
    {
        int oldest = -1;
        for (int i = 0; i < _validatedCount; i++)
        {
            if (!ReferenceEquals(_validated[i], _selected) && (oldest < 0 || _validatedAtMs[i] < _validatedAtMs[oldest]))
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private int WriteError(in StunMessage request, int code, ReadOnlySpan<byte> reason, bool authenticated, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, StunClass.ErrorResponse, request.Method, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (authenticated)
        {
            writer.AddMessageIntegrity(_local.PasswordUtf8);
        }

        writer.AddFingerprint();
        return writer.Length;
    }
}
