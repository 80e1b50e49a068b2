using System.Security.Cryptography;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>HMAC-SHA1 through a reused keyed <see cref="IncrementalHash"/>.</summary>
internal sealed class DotNetHmacSha1 : SrtpHmacSha1
{
    private readonly IncrementalHash _hmac;

    public DotNetHmacSha1(ReadOnlySpan<byte> key)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    public override bool Compute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix, Span<byte> mac)
    {
        _hmac.AppendData(data);
        if (!suffix.IsEmpty)
        {
            _hmac.AppendData(suffix);
        }

        return _hmac.GetHashAndReset(mac) == MacLength;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hmac.Dispose();
        }
    }
}
