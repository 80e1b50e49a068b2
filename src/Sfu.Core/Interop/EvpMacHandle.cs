using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>A fetched <c>EVP_MAC</c> algorithm, freed with <c>EVP_MAC_free</c>.</summary>
internal sealed class EvpMacHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpMacHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCryptoEvp.EVP_MAC_free(handle);
        return true;
    }
}
