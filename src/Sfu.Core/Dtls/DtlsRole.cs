namespace Sfu.Core.Dtls;

/// <summary>Which side of the DTLS handshake we play (SDP <c>a=setup:active</c> is the client, RFC 5763 section 5).</summary>
public enum DtlsRole
{
    /// <summary>We send the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>We wait for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
