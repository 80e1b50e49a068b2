using System.Net.Sockets;
using Sfu.Core.Diagnostics;
using Sfu.Core.Ice;
using Sfu.Core.Net;

namespace Sfu.Core.Transport;

/// <summary>The worker's loop: receive and demultiplex datagrams, run control work, tick timers.</summary>
public sealed partial class MediaWorker
{
    private const int TickIntervalMs = 10;

    /// <summary>Why the last wait returned (worker thread only; tests read it from inside posted work).</summary>
    internal WorkerWakeReason LastWake { get; private set; }

    /// <summary>Waits that returned because posted control work woke the worker (read from any thread).</summary>
    internal long ControlWakeups => Interlocked.Read(ref _controlWakeups);

    private long _controlWakeups;

    private void Run()
    {
        _threadId = Environment.CurrentManagedThreadId;
        _batchingSends = true;
        while (!_stopping)
        {
            try
            {
                var woke = _waiter.Wait(WaitMilliseconds());
                LastWake = woke;
                if ((woke & WorkerWakeReason.Control) != 0)
                {
                    Interlocked.Increment(ref _controlWakeups);
                }

                if ((woke & WorkerWakeReason.Datagrams) != 0)
                {
                    ReceiveDatagrams();
                }
            }
            catch (SocketException)
            {
                _metrics.Dropped(DropReason.SocketError);
            }
            catch (ObjectDisposedException) when (_stopping)
            {
                break;
            }
            catch (Exception e)
            {
                // A bug on one datagram must not take the worker (and every room on it) down.
                Log.WorkerError(_logger, e, Id);
            }

            // Cleared before the queue is drained: work posted from here on wakes the next wait.
            Interlocked.Exchange(ref _wakeRequested, 0);
            RunControl();
            RunTimers();
        }

        _batchingSends = false;
    }

    /// <summary>Until the next timer tick, and never longer than control work may wait when posting cannot wake us.</summary>
    private int WaitMilliseconds()
    {
        int longest = _waiter.WakesOnControl ? TickIntervalMs : UnwakeableWaitMilliseconds;
        return (int)Math.Clamp(_nextTickMs - NowMs, 0, longest);
    }

    /// <summary>Receives and handles the datagrams waiting on the socket; what each one causes to be sent leaves as one batch.</summary>
    private void ReceiveDatagrams()
    {
        for (int i = 0; i < MaxDatagramsPerPoll && _socket.Available > 0; i++)
        {
            int n = _socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, _receiveAddress);
            try
            {
                HandleDatagram(n);
            }
            finally
            {
                FlushSends();
            }
        }
    }

    private void RunControl()
    {
        while (_control.TryDequeue(out var action))
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                Log.WorkerError(_logger, e, Id);
            }
            finally
            {
                FlushSends();
            }
        }
    }

    private void RunTimers()
    {
        long now = NowMs;
        if (now < _nextTickMs)
        {
            return;
        }

        _nextTickMs = now + TickIntervalMs;
        try
        {
            TickAll(now);
        }
        finally
        {
            FlushSends();
        }
    }

    private void TickAll(long now)
    {
        for (int i = _transports.Count - 1; i >= 0; i--)
        {
            try
            {
                _transports[i].Tick(now);
            }
            catch (Exception e)
            {
                Log.WorkerError(_logger, e, Id);
            }
        }

        for (int i = _tickHandlers.Count - 1; i >= 0; i--)
        {
            try
            {
                _tickHandlers[i]();
            }
            catch (Exception e)
            {
                Log.WorkerError(_logger, e, Id);
            }
        }
    }

    /// <summary>Demultiplexes one datagram held in the receive buffer (RFC 7983) and hands it to its transport.</summary>
    internal void HandleDatagram(int length)
    {
        var buffer = _receiveBuffer.AsSpan();
        var datagram = buffer[..length];
        var kind = PacketClassifier.Classify(datagram);
        switch (kind)
        {
            case PacketKind.Stun:
                HandleStun(datagram);
                break;
            case PacketKind.Dtls:
                if (_byAddress.TryGetValue(_receiveAddress, out var dtlsOwner))
                {
                    dtlsOwner.HandleDtls(datagram, _receiveAddress, NowMs);
                }
                else
                {
                    Drop(DropReason.UnknownSender, "DTLS from an address without a valid ICE check");
                }

                break;
            case PacketKind.Rtp:
            case PacketKind.Rtcp:
                if (_byAddress.TryGetValue(_receiveAddress, out var mediaOwner))
                {
                    mediaOwner.HandleSrtp(buffer, length, kind == PacketKind.Rtcp);
                }
                else
                {
                    Drop(DropReason.UnknownSender, "SRTP from an address without a valid ICE check");
                }

                break;
            default:
                Drop(DropReason.UnknownProtocol, "first byte is not STUN, DTLS or RTP (RFC 7983)");
                break;
        }
    }

    private void HandleStun(ReadOnlySpan<byte> datagram)
    {
        var parse = StunMessage.TryParse(datagram, out var message);
        if (parse != StunParseError.None)
        {
            Drop(DropReason.MalformedStun, parse.ToString());
            return;
        }

        if (message.Class != StunClass.Request || message.Method != StunMethod.Binding)
        {
            // Binding indications are keepalives; responses are not expected by a lite agent.
            _metrics.Dropped(DropReason.StunNotRequest);
            return;
        }

        if (!message.TryGetUsername(out var username) || !StunUsername.TryGetLocalFragment(username, out var local) || local.Length > 256)
        {
            Drop(DropReason.MalformedStun, "binding request without a usable USERNAME");
            return;
        }

        Span<char> ufrag = stackalloc char[local.Length];
        for (int i = 0; i < local.Length; i++)
        {
            ufrag[i] = (char)local[i];
        }

        if (!_byUfrag.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(ufrag, out var transport))
        {
            Drop(DropReason.StunUnknownUsername, "binding request for an unknown ufrag");
            return;
        }

        _metrics.StunReceived(datagram.Length);
        var outcome = transport.HandleStun(message, _receiveAddress, NowMs, _stunResponse, out int responseLength);
        if (responseLength > 0)
        {
            Send(_stunResponse.AsSpan(0, responseLength), _receiveAddress, PacketKind.Stun);
        }

        switch (outcome)
        {
            case IceCheckOutcome.Accepted:
            case IceCheckOutcome.AcceptedAndNominated:
            case IceCheckOutcome.SelectedAddressChanged:
                BindAddress(transport);
                break;
            case IceCheckOutcome.RejectedUnauthorized:
                Drop(DropReason.StunUnauthorized, "MESSAGE-INTEGRITY did not verify");
                break;
            case IceCheckOutcome.RejectedUnknownUsername:
                Drop(DropReason.StunUnknownUsername, "USERNAME does not match");
                break;
            default:
                Drop(DropReason.MalformedStun, outcome.ToString());
                break;
        }
    }

    /// <summary>Maps the just-validated source address to its transport so DTLS and SRTP from it find their way.</summary>
    private void BindAddress(WebRtcTransport transport)
    {
        if (_byAddress.TryGetValue(_receiveAddress, out var existing))
        {
            if (ReferenceEquals(existing, transport))
            {
                return;
            }

            // The address moved to another transport (a peer reconnected with new credentials).
            existing.BoundAddresses.RemoveAll(a => SocketAddressExtensions.ContentEquals(a, _receiveAddress));
        }

        var copy = _receiveAddress.Clone();
        _byAddress[copy] = transport;
        transport.BoundAddresses.Add(copy);
        if (transport.BoundAddresses.Count > WebRtcTransport.MaxRemoteAddresses)
        {
            var oldest = transport.BoundAddresses[0];
            transport.BoundAddresses.RemoveAt(0);
            if (_byAddress.TryGetValue(oldest, out var owner) && ReferenceEquals(owner, transport))
            {
                _byAddress.Remove(oldest);
            }
        }
    }

    private void Drop(DropReason reason, string detail)
    {
        _metrics.Dropped(reason);
        _dropLog.Warn(reason, detail, _receiveAddress);
    }
}
