namespace Sfu.Core.Forwarding;

/// <summary>Where a header extension element's value sits in a packet; <see cref="Length"/> 0 when absent.</summary>
internal readonly struct ExtensionRange
{
    public ExtensionRange(int offset, int length)
    {
        Offset = offset;
        Length = length;
    }

    public int Offset { get; }

    public int Length { get; }
}
