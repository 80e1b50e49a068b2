using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Srtp;

namespace Sfu.Benchmarks;

/// <summary>
/// SRTP/SRTCP cost per packet for each profile and crypto backend, with a 1,200-byte RTP payload (and a 1,200-byte
/// RTCP body). Used to pick <see cref="SrtpCryptoBackendDefaults"/>.
/// </summary>
/// <remarks>
/// Unprotect needs a fresh, valid, never-seen packet every time (the replay window rejects repeats), so it is
/// measured inside a round trip: <c>*RoundTrip</c> = stamp a new sequence number, protect, unprotect (which decrypts
/// the packet back to plaintext for the next operation). Unprotect cost = RoundTrip − Protect; both include the same
/// 2-byte sequence-number write. The sequence number wraps every 65,536 operations, so the ROC logic is exercised too.
/// </remarks>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1200;
    private const uint Ssrc = 0x1234_5678;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private byte[] _rtp = null!;
    private byte[] _rtcp = null!;
    private int _rtpLength;
    private int _rtcpLength;
    private ushort _sequenceNumber;

    [Params(SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(SrtpCryptoBackend.DotNet, SrtpCryptoBackend.OpenSsl)]
    public SrtpCryptoBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[Profile.MasterKeyLength()];
        byte[] salt = new byte[Profile.MasterSaltLength()];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _sender = new SrtpContext(Profile, key, salt, Backend);
        _receiver = new SrtpContext(Profile, key, salt, Backend);

        // RTP: 12-byte header + 1,200-byte payload, room for the tag.
        _rtpLength = 12 + PayloadLength;
        _rtp = new byte[_rtpLength + _sender.RtpOverhead];
        _rtp[0] = 0x80;
        _rtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_rtp.AsSpan(8), Ssrc);
        new Random(3).NextBytes(_rtp.AsSpan(12, PayloadLength));

        // RTCP: 8-byte header + 1,200-byte body, room for E|index and the tag.
        _rtcpLength = 8 + PayloadLength;
        _rtcp = new byte[_rtcpLength + _sender.RtcpOverhead];
        _rtcp[0] = 0x80;
        _rtcp[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), (ushort)((_rtcpLength / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(_rtcp.AsSpan(4), Ssrc);
        new Random(4).NextBytes(_rtcp.AsSpan(8, PayloadLength));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Protect one RTP packet (re-encrypting the buffer in place; the bytes' content does not change the cost).</summary>
    [Benchmark]
    public int ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), _sequenceNumber++);
        _sender.ProtectRtp(_rtp, _rtpLength, out int protectedLength);
        return protectedLength;
    }

    /// <summary>Protect then unprotect one fresh RTP packet; unprotect cost = this − <see cref="ProtectRtp"/>.</summary>
    [Benchmark]
    public int RtpRoundTrip()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), _sequenceNumber++);
        _sender.ProtectRtp(_rtp, _rtpLength, out int protectedLength);
        if (_receiver.UnprotectRtp(_rtp.AsSpan(0, protectedLength), out int plainLength) != SrtpError.Ok)
        {
            throw new InvalidOperationException("The benchmark's own packet failed to unprotect.");
        }

        return plainLength;
    }

    /// <summary>Protect one RTCP packet (a new SRTCP index each time).</summary>
    [Benchmark]
    public int ProtectRtcp()
    {
        _sender.ProtectRtcp(_rtcp, _rtcpLength, out int protectedLength);
        return protectedLength;
    }

    /// <summary>Protect then unprotect one fresh RTCP packet; unprotect cost = this − <see cref="ProtectRtcp"/>.</summary>
    [Benchmark]
    public int RtcpRoundTrip()
    {
        _sender.ProtectRtcp(_rtcp, _rtcpLength, out int protectedLength);
        if (_receiver.UnprotectRtcp(_rtcp.AsSpan(0, protectedLength), out int plainLength) != SrtpError.Ok)
        {
            throw new InvalidOperationException("The benchmark's own packet failed to unprotect.");
        }

        return plainLength;
    }
}
