using System.Net;
using Sfu.Core.Dtls;

namespace Sfu.Load.Media;

/// <summary>What a peer connection needs from the server's SDP: where to send, ICE credentials, DTLS fingerprint and role.</summary>
/// <param name="EndPoint">The server candidate to check and send to.</param>
/// <param name="IceUfrag">The server's ICE username fragment.</param>
/// <param name="IcePassword">The server's ICE password.</param>
/// <param name="Fingerprint">The server's certificate fingerprint.</param>
/// <param name="LocalDtlsRole">Our DTLS role: client when the server's SDP says passive (or we answered active).</param>
public sealed record RemoteTransport(IPEndPoint EndPoint, string IceUfrag, string IcePassword, DtlsFingerprint Fingerprint, DtlsRole LocalDtlsRole);
