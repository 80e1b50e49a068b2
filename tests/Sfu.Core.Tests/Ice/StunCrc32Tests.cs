using System.Text;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

public sealed class StunCrc32Tests
{
    [Fact]
    public void Check_value_of_123456789_is_cbf43926()
    {
        Assert.Equal(0xCBF43926u, StunCrc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, StunCrc32.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Table_driven_crc_matches_the_bitwise_definition_for_every_length()
    {
        var random = new Random(32);
        var data = new byte[300];
        random.NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
        {
            for (int start = 0; start < 4 && start + length <= data.Length; start++)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                Assert.Equal(Crc32Reference.Compute(slice), StunCrc32.Compute(slice));
            }
        }
    }

    [Fact]
    public void Sample_request_fingerprint_matches_rfc5769()
    {
        byte[] request = Rfc5769Vectors.SampleRequest;
        Assert.Equal(0xe57a3bcfu, StunCrc32.Compute(request.AsSpan(0, 100)) ^ 0x5354554E);
    }
}
