namespace Sfu.Core.Rtcp;

/// <summary>One FIR FCI entry (RFC 5104 section 4.3.1.1): the SSRC that should send a decoder refresh point and the request's sequence number.</summary>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber);
