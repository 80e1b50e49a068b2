using System.Text;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

/// <summary>Builds connectivity checks the way a browser (a full, controlling ICE agent) sends them.</summary>
internal sealed class IceCheckBuilder
{
    private static int s_counter;

    public string Username { get; init; } = "server:client";

    public string Password { get; init; } = "VOkJxbRl1RmTxUk/WvJxBt";

    public bool UseCandidate { get; init; }

    public bool Controlling { get; init; } = true;

    public bool Controlled { get; init; }

    public bool Priority { get; init; } = true;

    public bool MessageIntegrity { get; init; } = true;

    public bool Fingerprint { get; init; } = true;

    public bool IncludeUsername { get; init; } = true;

    public StunClass Class { get; init; } = StunClass.Request;

    public StunMethod Method { get; init; } = StunMethod.Binding;

    public static byte[] NewTransactionId()
    {
        var id = new byte[12];
        BitConverter.TryWriteBytes(id, Interlocked.Increment(ref s_counter));
        id[11] = 0xA5;
        return id;
    }

    public byte[] Build() => Build(NewTransactionId());

    public byte[] Build(byte[] transactionId)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, Class, Method, transactionId);
        if (IncludeUsername)
        {
            writer.AddUsername(Encoding.UTF8.GetBytes(Username));
        }

        if (Controlling)
        {
            writer.AddIceControlling(0x1122334455667788);
        }

        if (Controlled)
        {
            writer.AddIceControlled(0x8877665544332211);
        }

        if (Priority)
        {
            writer.AddPriority(1853824767);
        }

        if (UseCandidate)
        {
            writer.AddUseCandidate();
        }

        if (MessageIntegrity)
        {
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(Password));
        }

        if (Fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer.AsSpan(0, writer.Length).ToArray();
    }
}
