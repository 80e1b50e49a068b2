using System.Net;
using System.Text;
using Sfu.Core.Ice;
using Sfu.Core.Net;

namespace Sfu.Core.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private const string ServerPassword = "VOkJxbRl1RmTxUk/WvJxBt";

    private static readonly IceCredentials s_server = new("server", ServerPassword);
    private static readonly IceCheckBuilder s_check = new();
    private static readonly IceCheckBuilder s_nomination = new() { UseCandidate = true };

    private static SocketAddress Address(string ip, int port) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    private static IceCheckOutcome Process(IceLiteAgent agent, byte[] datagram, SocketAddress remote, long nowMs, out byte[] response)
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(datagram, out StunMessage request));
        var buffer = new byte[IceLiteAgent.MaxResponseLength];
        IceCheckOutcome outcome = agent.ProcessBindingRequest(request, remote, nowMs, buffer, out int length);
        response = buffer.AsSpan(0, length).ToArray();
        return outcome;
    }

    private static void AssertSuccessResponse(byte[] request, byte[] response, IPEndPoint expectedMapped)
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(response, out StunMessage message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), message.TransactionId.ToArray());
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(ServerPassword)));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(expectedMapped, mapped);
    }

    private static void AssertErrorResponse(byte[] request, byte[] response, int expectedCode, bool expectIntegrity)
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(response, out StunMessage message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), message.TransactionId.ToArray());
        Assert.True(message.TryGetErrorCode(out int code));
        Assert.Equal(expectedCode, code);
        Assert.True(message.HasFingerprint);
        Assert.Equal(expectIntegrity, message.HasMessageIntegrity);
        if (expectIntegrity)
        {
            Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(ServerPassword)));
        }
    }

    [Fact]
    public void Valid_check_is_answered_with_the_sender_as_xor_mapped_address()
    {
        var agent = new IceLiteAgent(s_server);
        Assert.Equal(IceState.New, agent.State);
        SocketAddress remote = Address("203.0.113.5", 50000);
        byte[] request = s_check.Build();

        Assert.Equal(IceCheckOutcome.Accepted, Process(agent, request, remote, 1000, out byte[] response));
        AssertSuccessResponse(request, response, new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000));
        Assert.Equal(IceState.Connected, agent.State);
        Assert.True(agent.IsValidatedRemote(remote));
        Assert.True(agent.IsValidatedRemote(Address("::ffff:203.0.113.5", 50000)));
        Assert.False(agent.IsValidatedRemote(Address("203.0.113.5", 50001)));
        Assert.Null(agent.SelectedRemote);
        Assert.Equal(1000, agent.LastConsentMs);
        Assert.Equal(1, agent.ValidatedRemoteCount);
    }

    [Fact]
    public void Mapped_ipv4_sender_gets_an_ipv4_xor_mapped_address_and_ipv6_sender_an_ipv6_one()
    {
        var agent = new IceLiteAgent(s_server);
        byte[] request = s_check.Build();
        Process(agent, request, Address("::ffff:198.51.100.9", 4000), 0, out byte[] response);
        AssertSuccessResponse(request, response, new IPEndPoint(IPAddress.Parse("198.51.100.9"), 4000));

        request = s_check.Build();
        Process(agent, request, Address("2001:db8::9", 4001), 0, out response);
        AssertSuccessResponse(request, response, new IPEndPoint(IPAddress.Parse("2001:db8::9"), 4001));
    }

    [Fact]
    public void Wrong_password_gets_401_and_validates_nothing()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        byte[] request = new IceCheckBuilder { Password = "VOkJxbRl1RmTxUk/WvJxBX" }.Build();

        Assert.Equal(IceCheckOutcome.RejectedUnauthorized, Process(agent, request, remote, 0, out byte[] response));
        AssertErrorResponse(request, response, 401, expectIntegrity: false);
        Assert.False(agent.IsValidatedRemote(remote));
        Assert.Equal(IceState.New, agent.State);
        Assert.Equal(0, agent.ValidatedRemoteCount);
    }

    [Theory]
    [InlineData("other:client")]
    [InlineData("serve:client")]
    [InlineData("serverX:client")]
    [InlineData("client:server")]
    [InlineData("server")]
    [InlineData(":server")]
    public void Wrong_ufrag_is_rejected_with_401(string username)
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        byte[] request = new IceCheckBuilder { Username = username }.Build();

        Assert.Equal(IceCheckOutcome.RejectedUnknownUsername, Process(agent, request, remote, 0, out byte[] response));
        AssertErrorResponse(request, response, 401, expectIntegrity: false);
        Assert.False(agent.IsValidatedRemote(remote));
    }

    [Fact]
    public void Missing_username_integrity_or_fingerprint_gets_400_without_integrity()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        foreach (IceCheckBuilder builder in new[]
                 {
                     new IceCheckBuilder { IncludeUsername = false },
                     new IceCheckBuilder { MessageIntegrity = false },
                     new IceCheckBuilder { Fingerprint = false },
                     new IceCheckBuilder { Method = StunMethod.Allocate },
                 })
        {
            byte[] request = builder.Build();
            Assert.Equal(IceCheckOutcome.RejectedBadRequest, Process(agent, request, remote, 0, out byte[] response));
            AssertErrorResponse(request, response, 400, expectIntegrity: false);
        }

        Assert.False(agent.IsValidatedRemote(remote));
    }

    [Fact]
    public void Authenticated_check_without_priority_gets_400_with_integrity()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        byte[] request = new IceCheckBuilder { Priority = false }.Build();
        Assert.Equal(IceCheckOutcome.RejectedBadRequest, Process(agent, request, remote, 0, out byte[] response));
        AssertErrorResponse(request, response, 400, expectIntegrity: true);
        Assert.False(agent.IsValidatedRemote(remote));
    }

    [Fact]
    public void Ice_controlled_peer_gets_487_role_conflict()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        byte[] request = new IceCheckBuilder { Controlling = false, Controlled = true, UseCandidate = true }.Build();

        Assert.Equal(IceCheckOutcome.RejectedRoleConflict, Process(agent, request, remote, 0, out byte[] response));
        AssertErrorResponse(request, response, 487, expectIntegrity: true);
        Assert.False(agent.IsValidatedRemote(remote));
        Assert.Null(agent.SelectedRemote);
        Assert.Equal(IceState.New, agent.State);
    }

    [Theory]
    [InlineData(StunClass.Indication)]
    [InlineData(StunClass.SuccessResponse)]
    [InlineData(StunClass.ErrorResponse)]
    public void Indications_and_responses_get_no_answer(StunClass messageClass)
    {
        var agent = new IceLiteAgent(s_server);
        byte[] request = new IceCheckBuilder { Class = messageClass }.Build();
        Assert.Equal(IceCheckOutcome.NotARequest, Process(agent, request, Address("203.0.113.5", 1), 0, out byte[] response));
        Assert.Empty(response);
        Assert.Equal(IceState.New, agent.State);
    }

    [Fact]
    public void Use_candidate_nominates_an_agent_owned_copy_of_the_address()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        Assert.Equal(IceCheckOutcome.Accepted, Process(agent, s_check.Build(), remote, 0, out _));
        Assert.Equal(IceState.Connected, agent.State);

        byte[] request = s_nomination.Build();
        Assert.Equal(IceCheckOutcome.AcceptedAndNominated, Process(agent, request, remote, 10, out byte[] response));
        AssertSuccessResponse(request, response, new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000));
        Assert.Equal(IceState.Completed, agent.State);
        Assert.NotNull(agent.SelectedRemote);
        Assert.NotSame(remote, agent.SelectedRemote);
        Assert.True(SocketAddressExtensions.ContentEquals(remote, agent.SelectedRemote));

        // The caller's receive buffer is reused for the next datagram: the selection must not follow it.
        Address("198.51.100.1", 1).Buffer.Span.CopyTo(remote.Buffer.Span);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000), agent.SelectedRemote.ToIPEndPoint());

        // Repeated nomination of the same address, and plain checks, keep the selection.
        SocketAddress same = Address("203.0.113.5", 50000);
        SocketAddress selected = agent.SelectedRemote;
        Assert.Equal(IceCheckOutcome.AcceptedAndNominated, Process(agent, s_nomination.Build(), same, 20, out _));
        Assert.Equal(IceCheckOutcome.Accepted, Process(agent, s_check.Build(), Address("203.0.113.6", 7), 30, out _));
        Assert.Same(selected, agent.SelectedRemote);
        Assert.Equal(IceState.Completed, agent.State);
    }

    [Fact]
    public void Nominated_check_from_a_new_address_switches_the_selection()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress wifi = Address("203.0.113.5", 50000);
        SocketAddress cellular = Address("2001:db8:ffff::77", 61000);
        Assert.Equal(IceCheckOutcome.AcceptedAndNominated, Process(agent, s_nomination.Build(), wifi, 0, out _));

        byte[] request = s_nomination.Build();
        Assert.Equal(IceCheckOutcome.SelectedAddressChanged, Process(agent, request, cellular, 5000, out byte[] response));
        AssertSuccessResponse(request, response, new IPEndPoint(IPAddress.Parse("2001:db8:ffff::77"), 61000));
        Assert.True(SocketAddressExtensions.ContentEquals(cellular, agent.SelectedRemote!));
        Assert.Equal(IceState.Completed, agent.State);
        Assert.True(agent.IsValidatedRemote(wifi));
        Assert.True(agent.IsValidatedRemote(cellular));

        Assert.Equal(IceCheckOutcome.SelectedAddressChanged, Process(agent, s_nomination.Build(), Address("203.0.113.5", 50000), 6000, out _));
        Assert.True(SocketAddressExtensions.ContentEquals(wifi, agent.SelectedRemote!));
    }

    [Fact]
    public void Consent_expires_after_the_timeout_and_a_valid_check_restores_it()
    {
        var agent = new IceLiteAgent(s_server);
        Assert.Equal(TimeSpan.FromSeconds(30), agent.ConsentTimeout);
        Assert.Equal(IceState.New, agent.Tick(1_000_000)); // never connected: nothing to expire
        SocketAddress remote = Address("203.0.113.5", 50000);
        Process(agent, s_nomination.Build(), remote, 1_000_000, out _);

        Assert.Equal(IceState.Completed, agent.Tick(1_029_999));
        Assert.Equal(IceState.Disconnected, agent.Tick(1_030_000));
        Assert.Equal(IceState.Disconnected, agent.State);
        Assert.Equal(IceState.Disconnected, agent.Tick(1_100_000));
        Assert.NotNull(agent.SelectedRemote);

        Assert.Equal(IceCheckOutcome.Accepted, Process(agent, s_check.Build(), remote, 1_200_000, out _));
        Assert.Equal(IceState.Completed, agent.State);
        Assert.Equal(1_200_000, agent.LastConsentMs);
        Assert.Equal(IceState.Completed, agent.Tick(1_229_999));

        // A rejected check does not refresh consent.
        Process(agent, new IceCheckBuilder { Password = "wrong-wrong-wrong-wrong" }.Build(), remote, 1_220_000, out _);
        Assert.Equal(IceState.Disconnected, agent.Tick(1_230_000));
    }

    [Fact]
    public void Consent_expiry_before_nomination_returns_to_connected()
    {
        var agent = new IceLiteAgent(s_server, TimeSpan.FromSeconds(5));
        SocketAddress remote = Address("203.0.113.5", 50000);
        Process(agent, s_check.Build(), remote, 0, out _);
        Assert.Equal(IceState.Connected, agent.Tick(4_999));
        Assert.Equal(IceState.Disconnected, agent.Tick(5_000));
        Process(agent, s_check.Build(), remote, 6_000, out _);
        Assert.Equal(IceState.Connected, agent.State);
    }

    [Fact]
    public void Ice_restart_accepts_only_the_new_credentials_and_keeps_the_selection()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        Process(agent, s_nomination.Build(), remote, 0, out _);
        SocketAddress selected = agent.SelectedRemote!;

        var restarted = new IceCredentials("newufrag", "aNewPasswordOf22Chars+");
        agent.Restart(restarted);
        Assert.Same(restarted, agent.Local);
        Assert.Same(selected, agent.SelectedRemote);
        Assert.Equal(IceState.Completed, agent.State);

        byte[] oldUfrag = s_check.Build();
        Assert.Equal(IceCheckOutcome.RejectedUnknownUsername, Process(agent, oldUfrag, remote, 10, out byte[] response));
        AssertErrorResponse(oldUfrag, response, 401, expectIntegrity: false);

        // Right ufrag but the old password.
        byte[] oldPassword = new IceCheckBuilder { Username = "newufrag:client2" }.Build();
        Assert.Equal(IceCheckOutcome.RejectedUnauthorized, Process(agent, oldPassword, remote, 10, out _));

        byte[] request = new IceCheckBuilder { Username = "newufrag:client2", Password = "aNewPasswordOf22Chars+", UseCandidate = true }.Build();
        Assert.Equal(IceCheckOutcome.AcceptedAndNominated, Process(agent, request, remote, 20, out response));
        Assert.Equal(StunParseError.None, StunMessage.TryParse(response, out StunMessage message));
        Assert.True(message.VerifyMessageIntegrity("aNewPasswordOf22Chars+"u8));
        Assert.False(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(ServerPassword)));
    }

    [Fact]
    public void Close_forgets_everything_and_ignores_requests()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress remote = Address("203.0.113.5", 50000);
        Process(agent, s_nomination.Build(), remote, 0, out _);
        agent.Close();

        Assert.Equal(IceState.Closed, agent.State);
        Assert.Null(agent.SelectedRemote);
        Assert.False(agent.IsValidatedRemote(remote));
        Assert.Equal(0, agent.ValidatedRemoteCount);
        Assert.Equal(IceCheckOutcome.RejectedUnknownUsername, Process(agent, s_nomination.Build(), remote, 10, out byte[] response));
        Assert.Empty(response);
        Assert.Equal(IceState.Closed, agent.Tick(1_000_000));
        Assert.Throws<InvalidOperationException>(() => agent.Restart(IceCredentials.Generate()));
    }

    [Fact]
    public void Validated_addresses_are_bounded_and_the_selected_one_is_never_evicted()
    {
        var agent = new IceLiteAgent(s_server);
        SocketAddress first = Address("203.0.113.1", 1000);
        Process(agent, s_nomination.Build(), first, 0, out _);
        for (int i = 2; i <= 12; i++)
        {
            Process(agent, s_check.Build(), Address($"203.0.113.{i}", 1000), i, out _);
        }

        Assert.Equal(IceLiteAgent.MaxValidatedRemotes, agent.ValidatedRemoteCount);
        Assert.True(agent.IsValidatedRemote(first)); // oldest, but selected
        for (int i = 2; i <= 5; i++)
        {
            Assert.False(agent.IsValidatedRemote(Address($"203.0.113.{i}", 1000)));
        }

        for (int i = 6; i <= 12; i++)
        {
            Assert.True(agent.IsValidatedRemote(Address($"203.0.113.{i}", 1000)));
        }

        // A re-validated address becomes the most recent one.
        Process(agent, s_check.Build(), Address("203.0.113.6", 1000), 100, out _);
        Process(agent, s_check.Build(), Address("203.0.113.13", 1000), 101, out _);
        Assert.True(agent.IsValidatedRemote(Address("203.0.113.6", 1000)));
        Assert.False(agent.IsValidatedRemote(Address("203.0.113.7", 1000)));
    }

    [Fact]
    public void Programming_errors_throw()
    {
        var agent = new IceLiteAgent(s_server);
        byte[] request = s_check.Build();
        Assert.Equal(StunParseError.None, StunMessage.TryParse(request, out _));
        Assert.Throws<ArgumentException>(() =>
        {
            StunMessage.TryParse(request, out StunMessage message);
            agent.ProcessBindingRequest(message, Address("203.0.113.5", 1), 0, new byte[IceLiteAgent.MaxResponseLength - 1], out _);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceLiteAgent(s_server, TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new IceLiteAgent(null!));
    }
}
