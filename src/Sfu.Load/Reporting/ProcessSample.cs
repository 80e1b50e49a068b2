namespace Sfu.Load.Reporting;

/// <summary>A process's CPU time used so far and its resident memory, at a moment of the media clock.</summary>
public readonly record struct ProcessSample(TimeSpan Cpu, long RssBytes, long AtUs);
