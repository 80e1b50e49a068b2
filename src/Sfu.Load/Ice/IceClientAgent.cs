using System.Text;

namespace Sfu.Load.Ice;

/// <summary>
/// The controlling ICE agent of one client peer connection towards an ICE-lite server, with one candidate pair
/// (our socket, the server's candidate): it checks the pair with USE-CANDIDATE until a success response comes,
/// retransmitting with back-off (RFC 8445 section 14.3 pacing is moot for a single pair), then sends a consent
/// check every few seconds (RFC 7675) and fails when consent is not refreshed within the timeout.
/// </summary>
/// <remarks>
/// One thread drives it: <see cref="Poll"/> writes the datagram due now (if any) and <see cref="OnDatagram"/>
/// takes what arrives. Allocation-free after construction. Times are the caller's monotonic milliseconds.
/// </remarks>
public sealed class IceClientAgent
{
    /// <summary>First retransmission interval of an unanswered check; doubled up to <see cref="MaxRetransmitMs"/>.</summary>
    public const int InitialRetransmitMs = 50;

    /// <summary>Longest interval between retransmissions.</summary>
    public const int MaxRetransmitMs = 1000;

    private readonly byte[] _username;
    private readonly byte[] _remotePassword;
    private readonly byte[] _transactionId = new byte[12];
    private readonly ulong _tieBreaker;
    private readonly int _connectTimeoutMs;
    private readonly int _consentIntervalMs;
    private readonly int _consentTimeoutMs;
    private long _startMs;
    private long _nextSendMs = long.MaxValue;
    private int _retransmitMs;
    private bool _awaiting;
    private long _lastConsentMs;

    /// <summary>Creates the agent for a pair; nothing is sent before <see cref="Start"/>.</summary>
    /// <param name="localUfrag">Our ufrag.</param>
    /// <param name="remoteUfrag">The server's ufrag (from its SDP).</param>
    /// <param name="remotePassword">The server's password (from its SDP).</param>
    /// <param name="connectTimeout">How long checks are retried before the agent fails.</param>
    /// <param name="consentInterval">Time between consent checks once connected.</param>
    /// <param name="consentTimeout">Consent lapses (the agent fails) when no check succeeded for this long.</param>
    public IceClientAgent(string localUfrag, string remoteUfrag, string remotePassword, TimeSpan connectTimeout, TimeSpan consentInterval, TimeSpan consentTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remotePassword);
        _username = Encoding.UTF8.GetBytes(remoteUfrag + ":" + localUfrag);
        _remotePassword = Encoding.UTF8.GetBytes(remotePassword);
        _tieBreaker = (ulong)Random.Shared.NextInt64();
        _connectTimeoutMs = (int)connectTimeout.TotalMilliseconds;
        _consentIntervalMs = (int)consentInterval.TotalMilliseconds;
        _consentTimeoutMs = (int)consentTimeout.TotalMilliseconds;
    }

    public IceClientState State { get; private set; }

    /// <summary>Checks sent, retransmissions and consent checks included.</summary>
    public long RequestsSent { get; private set; }

    /// <summary>Valid success responses received.</summary>
    public long ResponsesReceived { get; private set; }

    /// <summary>Milliseconds from <see cref="Start"/> to the first success response (-1 before).</summary>
    public long ConnectMs { get; private set; } = -1;

    /// <summary>When <see cref="Poll"/> has something to send (caller's clock), or <see cref="long.MaxValue"/>.</summary>
    public long NextTimerMs => State is IceClientState.Checking or IceClientState.Connected ? Math.Min(_nextSendMs, Deadline) : long.MaxValue;

    private long Deadline => State == IceClientState.Checking ? _startMs + _connectTimeoutMs : _lastConsentMs + _consentTimeoutMs;

    /// <summary>Starts checking: the first check is due at once.</summary>
    public void Start(long nowMs)
    {
        if (State != IceClientState.New)
        {
            return;
        }

        State = IceClientState.Checking;
        _startMs = nowMs;
        NewTransaction(nowMs);
    }

    /// <summary>
    /// Runs timers: writes the check or consent request due at <paramref name="nowMs"/> into <paramref name="destination"/>
    /// (at least <see cref="IceBindingCheck.MaxRequestLength"/> bytes) and returns its length, or 0 when nothing is due.
    /// Fails the agent when the connect or consent deadline passed.
    /// </summary>
    public int Poll(long nowMs, Span<byte> destination)
    {
        if (State is not (IceClientState.Checking or IceClientState.Connected))
        {
            return 0;
        }

        if (nowMs >= Deadline)
        {
            State = IceClientState.Failed;
            return 0;
        }

        if (!_awaiting && State == IceClientState.Connected && nowMs >= _nextSendMs)
        {
            NewTransaction(nowMs); // the next consent check
        }

        if (!_awaiting || nowMs < _nextSendMs)
        {
            return 0;
        }

        int length = IceBindingCheck.WriteRequest(destination, _transactionId, _username, _remotePassword, _tieBreaker, useCandidate: true);
        RequestsSent++;
        _nextSendMs = nowMs + _retransmitMs;
        _retransmitMs = Math.Min(_retransmitMs * 2, MaxRetransmitMs);
        return length;
    }

    /// <summary>
    /// Takes a STUN datagram from the server. True when it answered the pending check (the agent is then
    /// <see cref="IceClientState.Connected"/>); anything else is ignored.
    /// </summary>
    public bool OnDatagram(ReadOnlySpan<byte> datagram, long nowMs)
    {
        if (!_awaiting || IceBindingCheck.CheckResponse(datagram, _transactionId, _remotePassword) != IceResponseCheck.Success)
        {
            return false;
        }

        ResponsesReceived++;
        _awaiting = false;
        _lastConsentMs = nowMs;
        _nextSendMs = nowMs + _consentIntervalMs;
        if (State == IceClientState.Checking)
        {
            State = IceClientState.Connected;
            ConnectMs = nowMs - _startMs;
        }

        return true;
    }

    /// <summary>Stops sending anything (the peer connection is closing).</summary>
    public void Stop()
    {
        _awaiting = false;
        _nextSendMs = long.MaxValue;
        if (State != IceClientState.Failed)
        {
            State = IceClientState.New;
        }
    }

    private void NewTransaction(long nowMs)
    {
        IceBindingCheck.NewTransactionId(_transactionId);
        _awaiting = true;
        _nextSendMs = nowMs;
        _retransmitMs = InitialRetransmitMs;
    }
}
