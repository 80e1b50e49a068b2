using System.Buffers.Binary;

namespace Sfu.Core.Sctp.Chunks;

/// <summary>
/// INIT and INIT ACK (RFC 9260 3.3.2, 3.3.3), which share their fixed fields:
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 1/2  |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// |           Advertised Receiver Window Credit (a_rwnd)          |
/// |  Number of Outbound Streams   |  Number of Inbound Streams    |
/// |                          Initial TSN                          |
/// \                 Optional/Variable-Length Parameters           \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The parameters WebRTC needs are picked out: the state cookie (INIT ACK), Forward-TSN-Supported (RFC 3758) and
/// the Supported Extensions list (RFC 5061) naming RE-CONFIG and FORWARD-TSN.
/// </summary>
public readonly ref struct SctpInitChunk
{
    public const int FixedLength = 16;

    public uint InitiateTag { get; private init; }

    public uint AdvertisedReceiverWindow { get; private init; }

    public ushort OutboundStreams { get; private init; }

    public ushort InboundStreams { get; private init; }

    public uint InitialTsn { get; private init; }

    /// <summary>The State Cookie parameter's value (INIT ACK only), or empty.</summary>
    public ReadOnlySpan<byte> StateCookie { get; private init; }

    /// <summary>The peer can receive FORWARD-TSN (RFC 3758 3.1, or FORWARD-TSN in Supported Extensions).</summary>
    public bool ForwardTsnSupported { get; private init; }

    /// <summary>The peer named RE-CONFIG in Supported Extensions (RFC 6525).</summary>
    public bool ReconfigSupported { get; private init; }

    /// <summary>The whole parameter area, for reporting unrecognized parameters.</summary>
    public ReadOnlySpan<byte> Parameters { get; private init; }

    /// <summary>Parses the value of an INIT or INIT ACK chunk.</summary>
    public static SctpParseError TryParse(ReadOnlySpan<byte> value, out SctpInitChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedLength)
        {
            return SctpParseError.TooShort;
        }

        uint tag = BinaryPrimitives.ReadUInt32BigEndian(value);
        ushort outbound = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        ushort inbound = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (tag == 0 || outbound == 0 || inbound == 0)
        {
            return SctpParseError.InvalidValue;
        }

        ReadOnlySpan<byte> cookie = default;
        bool forwardTsn = false;
        bool reconfig = false;
        var parameters = new SctpParameterEnumerator(value[FixedLength..]);
        foreach (var parameter in parameters)
        {
            switch (parameter.Type)
            {
                case SctpParameterType.StateCookie:
                    cookie = parameter.Value;
                    break;
                case SctpParameterType.ForwardTsnSupported:
                    forwardTsn = true;
                    break;
                case SctpParameterType.SupportedExtensions:
                    foreach (byte type in parameter.Value)
                    {
                        forwardTsn |= type == (byte)SctpChunkType.ForwardTsn;
                        reconfig |= type == (byte)SctpChunkType.ReConfig;
                    }

                    break;
            }
        }

        if (parameters.Malformed)
        {
            return SctpParseError.BadLength;
        }

        chunk = new SctpInitChunk
        {
            InitiateTag = tag,
            AdvertisedReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            OutboundStreams = outbound,
            InboundStreams = inbound,
            InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]),
            StateCookie = cookie,
            ForwardTsnSupported = forwardTsn,
            ReconfigSupported = reconfig,
            Parameters = value[FixedLength..],
        };
        return SctpParseError.None;
    }
}
