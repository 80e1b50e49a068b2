namespace Sfu.Load.Publishing;

/// <summary>What the server's answer decided for one of our sending m-sections: mid, payload type and extension ids.</summary>
public sealed record SendSection(string Mid, byte PayloadType, SendExtensionIds Extensions);
