namespace Sfu.Load.Run;

/// <summary>One pass/fail check of a run, with what was found.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);
