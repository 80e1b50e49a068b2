using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Net;
using Sfu.Core.Srtp;

namespace Sfu.Core.Transport;

/// <summary>The DTLS side of the transport: the listener calls of <see cref="DtlsTransport"/>.</summary>
public sealed partial class WebRtcTransport
{
    void IDtlsTransportListener.OnDtlsSendDatagram(ReadOnlySpan<byte> datagram)
    {
        var remote = _dtlsRemote ?? _ice.SelectedRemote;
        if (remote is null)
        {
            _worker.SendFailed(SendFailure.NotConnected, "DTLS before any address passed an ICE check", null);
            return;
        }

        _worker.Send(datagram, remote, PacketKind.Dtls);
    }

    void IDtlsTransportListener.OnDtlsConnected(SrtpKeyingMaterial keys)
    {
        // RFC 5764 4.2: the client's key protects what the client sends.
        bool weAreClient = _dtlsRole == DtlsRole.Client;
        _srtpOut = new SrtpContext(keys.Profile, weAreClient ? keys.ClientKey : keys.ServerKey, weAreClient ? keys.ClientSalt : keys.ServerSalt, maxSsrcCount: MaxSendingSsrcs);
        _srtpIn = new SrtpContext(keys.Profile, weAreClient ? keys.ServerKey : keys.ClientKey, weAreClient ? keys.ServerSalt : keys.ClientSalt);
        Log.TransportConnected(_logger, Name, _dtlsRole.ToString(), keys.Profile.ToString(), RemoteAddress?.ToIPEndPoint().ToString() ?? "-");
        SetState(WebRtcTransportState.Connected);
        _dataChannels?.Start();
    }

    void IDtlsTransportListener.OnDtlsFailed(DtlsFailure failure, string detail)
    {
        _metrics.DtlsFailed(failure.ToString());
        Log.DtlsFailed(_logger, Name, failure.ToString(), detail);
        SetState(WebRtcTransportState.Failed);
    }

    void IDtlsTransportListener.OnDtlsApplicationData(ReadOnlySpan<byte> data)
    {
        if (_dataChannels is null)
        {
            // Nobody asked for data channels on this transport: counted and dropped.
            _metrics.Dropped(DropReason.DtlsRejected);
            return;
        }

        _dataChannels.HandlePacket(data);
    }

    void IDtlsTransportListener.OnDtlsClosed()
    {
        // The peer sent close_notify: it closed its peer connection. Close after this callback returns, not inside
        // OpenSSL's call; the listener then sees Closed with ClosedByPeer set.
        ClosedByPeer = true;
        _worker.Post(Close);
    }
}
