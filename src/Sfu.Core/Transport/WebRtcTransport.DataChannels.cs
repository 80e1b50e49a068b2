using Sfu.Core.DataChannels;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Sctp;

namespace Sfu.Core.Transport;

/// <summary>Data channels: SCTP over this transport's DTLS (RFC 8261).</summary>
public sealed partial class WebRtcTransport : IDataChannelPacketSink
{
    /// <summary>Bytes a DTLS 1.2 record adds to the SCTP packet it carries (header 13, AES-GCM nonce 8 and tag 16; CBC suites up to 13 + 16 + 32 + 16).</summary>
    internal const int DtlsRecordOverhead = 50;

    private DataChannelTransport? _dataChannels;

    /// <summary>The data channel transport, once <see cref="AttachDataChannels"/> was called.</summary>
    public DataChannelTransport? DataChannels => _dataChannels;

    /// <summary>
    /// Carries data channels on this transport: SCTP starts as soon as DTLS is connected (at once if it already is).
    /// Needs the DTLS role (<see cref="ConfigureDtls"/>), which decides the parity of our stream ids. Call on the worker
    /// thread; once per transport. The SCTP MTU defaults to the DTLS MTU less a record's overhead.
    /// </summary>
    /// <exception cref="InvalidOperationException">DTLS is not configured yet, or data channels are already attached.</exception>
    public DataChannelTransport AttachDataChannels(IDataChannelListener listener, SctpOptions? options = null)
    {
        _worker.AssertOnWorkerThread();
        if (_dtls is null)
        {
            throw new InvalidOperationException("Configure DTLS (the role decides the data channel stream ids) before attaching data channels.");
        }

        if (_dataChannels is not null)
        {
            throw new InvalidOperationException("Data channels are already attached to this transport.");
        }

        options ??= new SctpOptions { Mtu = _dtlsMtu - DtlsRecordOverhead };
        var worker = _worker;
        _dataChannels = new DataChannelTransport(this, listener, () => worker.NowMs, _dtlsRole == DtlsRole.Client, options)
        {
            DroppedPackets = _ => _metrics.Dropped(DropReason.Sctp),
        };
        if (_dtls.State == DtlsState.Connected)
        {
            _dataChannels.Start();
        }

        return _dataChannels;
    }

    void IDataChannelPacketSink.SendSctpPacket(ReadOnlySpan<byte> packet)
    {
        if (_dtls is null || !_dtls.SendApplicationData(packet))
        {
            _metrics.Dropped(DropReason.NotConnected);
        }
    }

    private void TickDataChannels(long nowMs)
    {
        if (_dataChannels is not null && nowMs >= _dataChannels.NextTimerMs)
        {
            _dataChannels.OnTimer();
        }
    }
}
