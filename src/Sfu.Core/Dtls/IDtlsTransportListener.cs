using Sfu.Core.Srtp;

namespace Sfu.Core.Dtls;

/// <summary>
/// Receives what a <see cref="DtlsTransport"/> produces. Called synchronously on the thread that drives the
/// transport, from inside <see cref="DtlsTransport.Start"/>, <see cref="DtlsTransport.ProcessDatagram"/>,
/// <see cref="DtlsTransport.OnTimer"/>, <see cref="DtlsTransport.SendApplicationData"/> and
/// <see cref="DtlsTransport.Close"/>.
/// </summary>
/// <remarks>
/// Spans are only valid during the call. <see cref="OnDtlsSendDatagram"/> must not call back into the same
/// transport; the other callbacks may (for example <see cref="DtlsTransport.SendApplicationData"/> from
/// <see cref="OnDtlsConnected"/>, or <see cref="DtlsTransport.Dispose"/> from <see cref="OnDtlsFailed"/>).
/// </remarks>
public interface IDtlsTransportListener
{
    /// <summary>Send one UDP datagram (one or more whole DTLS records, at most the MTU unless a single record is larger).</summary>
    void OnDtlsSendDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>Handshake complete and peer verified; <paramref name="keys"/> are the RFC 5764 exporter keys.</summary>
    void OnDtlsConnected(SrtpKeyingMaterial keys);

    /// <summary>The transport failed; called once, after which the transport ignores input.</summary>
    void OnDtlsFailed(DtlsFailure failure, string detail);

    /// <summary>Decrypted application data (SCTP for data channels). Only delivered while <see cref="DtlsState.Connected"/>.</summary>
    void OnDtlsApplicationData(ReadOnlySpan<byte> data);

    /// <summary>The peer sent close_notify. Not called for a local <see cref="DtlsTransport.Close"/>.</summary>
    void OnDtlsClosed();
}
