namespace Sfu.Core.Sctp;

/// <summary>
/// Congestion control of one association (RFC 9260 7.2): the congestion window and slow-start threshold, slow start,
/// congestion avoidance, fast recovery after a fast retransmit, and the collapse on a retransmission timeout.
/// </summary>
/// <remarks>Owned by one <see cref="SctpAssociation"/> and touched only on its thread; allocates nothing.</remarks>
internal sealed class SctpCongestionControl
{
    private readonly int _mtu;
    private int _ssthresh = int.MaxValue;
    private int _partialBytesAcked;
    private uint _fastRecoveryExit;

    /// <summary>Starts with the initial window of RFC 9260 7.2.1: min(4 MTU, max(2 MTU, 4404)).</summary>
    public SctpCongestionControl(int mtu)
    {
        _mtu = mtu;
        Window = Math.Min(4 * mtu, Math.Max(2 * mtu, 4404));
    }

    /// <summary>Congestion window in bytes.</summary>
    public int Window { get; private set; }

    /// <summary>Whether fast recovery is on (RFC 9260 7.2.4): the window neither grows nor is cut again until it ends.</summary>
    public bool InFastRecovery { get; private set; }

    /// <summary>
    /// RFC 9260 7.2.1/7.2.2 after a SACK that advanced the cumulative TSN: slow start below ssthresh, then one MTU per
    /// window of acknowledged bytes, and only when the window was full.
    /// </summary>
    public void OnAcknowledged(int bytesAcked, int outstandingBefore)
    {
        if (InFastRecovery || bytesAcked == 0)
        {
            return;
        }

        bool windowWasFull = outstandingBefore + _mtu >= Window;
        if (Window <= _ssthresh)
        {
            if (windowWasFull)
            {
                Window += Math.Min(bytesAcked, _mtu);
            }

            return;
        }

        _partialBytesAcked += bytesAcked;
        if (_partialBytesAcked >= Window && windowWasFull)
        {
            _partialBytesAcked -= Window;
            Window += _mtu;
        }
    }

    /// <summary>Ends fast recovery once the cumulative TSN reaches the highest TSN outstanding when it began.</summary>
    public void OnCumulativeAck(uint cumulativeTsn)
    {
        if (InFastRecovery && SctpTsn.LessOrEqual(_fastRecoveryExit, cumulativeTsn))
        {
            InFastRecovery = false;
        }
    }

    /// <summary>
    /// RFC 9260 7.2.4: a fast retransmit halves the window and starts fast recovery until <paramref name="exitTsn"/> is
    /// acknowledged; false (nothing changed) when already in fast recovery.
    /// </summary>
    public bool TryEnterFastRecovery(uint exitTsn)
    {
        if (InFastRecovery)
        {
            return false;
        }

        InFastRecovery = true;
        _fastRecoveryExit = exitTsn;
        _ssthresh = Math.Max(Window / 2, 4 * _mtu);
        Window = _ssthresh;
        _partialBytesAcked = 0;
        return true;
    }

    /// <summary>RFC 9260 7.2.3: a retransmission timeout halves ssthresh and collapses the window to one MTU.</summary>
    public void OnRetransmissionTimeout()
    {
        _ssthresh = Math.Max(Window / 2, 4 * _mtu);
        Window = _mtu;
        _partialBytesAcked = 0;
        InFastRecovery = false;
    }
}
