using System.Runtime.InteropServices;

namespace Sfu.Core.Tests;

/// <summary>
/// The bytes the C library's allocator (glibc malloc, which OpenSSL uses) has handed out and not freed, in all arenas:
/// <c>mallinfo2</c>'s in-use chunks plus its mmapped blocks. Process-wide, so measure differences over many objects.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>True where glibc's <c>mallinfo2</c> exists (Linux with glibc 2.33 or later).</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>Bytes in use by malloc now.</summary>
    public static long AllocatedBytes()
    {
        MallInfo2 info = mallinfo2();
        return (long)(info.Uordblks + info.Hblkhd);
    }

    private static bool Probe()
    {
        try
        {
            return OperatingSystem.IsLinux() && mallinfo2().Arena > 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc.so.6")]
    private static partial MallInfo2 mallinfo2();

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena;
        public nuint Ordblks;
        public nuint Smblks;
        public nuint Hblks;
        public nuint Hblkhd;
        public nuint Usmblks;
        public nuint Fsmblks;
        public nuint Uordblks;
        public nuint Fordblks;
        public nuint Keepcost;
    }
}
