namespace Sfu.Core.Sctp.Chunks;

/// <summary>Results of a Re-configuration Response parameter (RFC 6525 4.4).</summary>
public enum SctpReconfigResult : uint
{
    SuccessNothingToDo = 0,
    SuccessPerformed = 1,
    Denied = 2,
    ErrorWrongSsn = 3,
    ErrorRequestAlreadyInProgress = 4,
    ErrorBadSequenceNumber = 5,
    InProgress = 6,
}
