namespace Sfu.Core.Transport;

/// <summary>
/// Options of the media engine (configuration section <c>Sfu:Media</c>). Every default works on one machine.
/// </summary>
public sealed class MediaOptions
{
    /// <summary>Media worker threads, each with its own UDP port. 0 means one per CPU core.</summary>
    public int Workers { get; set; }

    /// <summary>
    /// The first UDP media port: worker <c>i</c> listens on <c>Port + i</c> (default 40000, so 40000-40001 on two cores).
    /// 0 lets the operating system pick a free port per worker (used by tests).
    /// </summary>
    public int Port { get; set; } = 40000;

    /// <summary>The local address the media sockets bind to (default all IPv4 interfaces).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Addresses announced to browsers as ICE candidates, for NAT and containers (like mediasoup's
    /// <c>announcedAddress</c>): the public or host address that reaches the media ports. Empty means the
    /// machine's own addresses (every up interface's IPv4 address when listening on 0.0.0.0).
    /// </summary>
    public List<string> AnnouncedAddresses { get; set; } = new();

    /// <summary>Seconds without a valid ICE consent check before a peer is considered gone (RFC 7675: 30).</summary>
    public int ConsentTimeoutSeconds { get; set; } = 30;

    /// <summary>The DTLS record MTU in bytes.</summary>
    public int DtlsMtu { get; set; } = 1200;

    /// <summary>
    /// Hand each work item's datagrams to the kernel together with <c>sendmmsg(2)</c> where the platform has it
    /// (64-bit Linux). False sends each with <c>Socket.SendTo</c>. Not a configuration key: tests and benchmarks
    /// compare both.
    /// </summary>
    internal bool BatchedSends { get; init; } = true;

    /// <summary>
    /// Wake the worker with an <c>eventfd(2)</c> when control work is posted (Linux). False leaves posted work
    /// waiting for the socket poll's timeout. Not a configuration key: tests and benchmarks compare both.
    /// </summary>
    internal bool WakeOnControl { get; init; } = true;

    /// <summary>The effective worker count.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : Math.Max(1, Environment.ProcessorCount);

    /// <summary>Throws a message that says what to change when an option is out of range.</summary>
    public void Validate()
    {
        if (Workers < 0 || Workers > 256)
        {
            throw new InvalidOperationException($"Sfu:Media:Workers is {Workers}; use 0 (one per core) or 1-256.");
        }

        if (Port < 0 || Port + EffectiveWorkers - 1 > 65535)
        {
            throw new InvalidOperationException($"Sfu:Media:Port is {Port}; with {EffectiveWorkers} workers the ports {Port}-{Port + EffectiveWorkers - 1} must lie within 1-65535 (or use 0 for OS-chosen ports).");
        }

        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            throw new InvalidOperationException($"Sfu:Media:ListenAddress '{ListenAddress}' is not an IP address; use e.g. 0.0.0.0 or 127.0.0.1.");
        }

        foreach (var a in AnnouncedAddresses)
        {
            if (!System.Net.IPAddress.TryParse(a, out _))
            {
                throw new InvalidOperationException($"Sfu:Media:AnnouncedAddresses contains '{a}', which is not an IP address; announce the IP browsers reach the media ports on.");
            }
        }

        if (ConsentTimeoutSeconds < 5)
        {
            throw new InvalidOperationException($"Sfu:Media:ConsentTimeoutSeconds is {ConsentTimeoutSeconds}; use at least 5 (RFC 7675 uses 30).");
        }

        if (DtlsMtu < 576 || DtlsMtu > 1500)
        {
            throw new InvalidOperationException($"Sfu:Media:DtlsMtu is {DtlsMtu}; use 576-1500 (default 1200).");
        }
    }
}
