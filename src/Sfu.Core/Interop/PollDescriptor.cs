using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// <c>struct pollfd</c>: a descriptor, the events to wait for and the events that happened.
/// <code>
/// struct pollfd { int fd; short events; short revents; };   // 8 bytes
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollDescriptor
{
    public int Descriptor;
    public short Events;
    public short ReturnedEvents;
}
