using Sfu.Core.Sctp;

namespace Sfu.Signaling.Data;

/// <summary>
/// A reliable message waiting for a slow receiver's channel: its bytes (a buffer rented from the shared pool), the
/// association of its sender, whose advertised window it holds down until passed on, and when it was queued.
/// </summary>
internal readonly record struct PendingDataMessage(byte[] Buffer, int Length, SctpAssociation? HeldOn, long QueuedAtMs);
