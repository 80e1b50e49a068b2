namespace Sfu.Server.Admin;

/// <summary>How many participants' data channels took the message.</summary>
public sealed record SendDataResponse(int Delivered);
