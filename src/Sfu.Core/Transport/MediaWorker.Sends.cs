using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Core.Net;

namespace Sfu.Core.Transport;

/// <summary>
/// The worker's send side. On the worker thread, datagrams are copied into the <see cref="SendBatch"/> and leave
/// together when the work item that produced them ends (one received datagram and the fan-out it causes, one control
/// item, one timer tick) or the batch is full; elsewhere (before the thread starts, from another thread) they leave
/// at once. Sent datagrams are counted by kind when they leave; failed ones by reason, logged a few times a second.
/// </summary>
public sealed partial class MediaWorker
{
    private readonly SendBatch _sendBatch = new();
    private readonly DatagramSender _sender;
    private bool _batchingSends;
    private long _sendCalls;
    private long _datagramsSent;

    /// <summary>Batches handed to the kernel (one <c>sendmmsg</c> each, when batched). Read from any thread.</summary>
    internal long SendCalls => Interlocked.Read(ref _sendCalls);

    /// <summary>Datagrams the socket accepted. Read from any thread.</summary>
    internal long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>The sender chosen at start: "sendmmsg" or "sendto".</summary>
    internal string SenderName => _sender.Name;

    /// <summary>True when posted control work wakes the worker at once (eventfd on Linux).</summary>
    internal bool WakesOnControl => _waiter.WakesOnControl;

    /// <summary>
    /// Sends <paramref name="datagram"/> to <paramref name="remote"/>. The bytes and the address are copied before
    /// this returns, so the caller may reuse both at once.
    /// </summary>
    internal void Send(ReadOnlySpan<byte> datagram, SocketAddress remote, PacketKind kind)
    {
        if (_batchingSends && Environment.CurrentManagedThreadId == _threadId)
        {
            if (_sendBatch.TryAdd(datagram, remote, kind))
            {
                if (_sendBatch.IsFull)
                {
                    FlushSends();
                }

                return;
            }

            // Too large for a slot: what is queued goes first, so datagrams leave in the order they were sent.
            FlushSends();
        }

        SendNow(datagram, remote, kind);
    }

    /// <summary>Hands the queued datagrams to the kernel and counts what went and what did not.</summary>
    internal void FlushSends()
    {
        int count = _sendBatch.Count;
        if (count == 0)
        {
            return;
        }

        _sender.Send(_sendBatch);
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            if (_sendBatch.Failure(i) is { } failure)
            {
                SendFailedInBatch(i, failure);
            }
            else
            {
                CountSent(_sendBatch.Kind(i), _sendBatch.Datagram(i).Length);
                sent++;
            }
        }

        _sendBatch.Clear();
        Interlocked.Increment(ref _sendCalls);
        Interlocked.Add(ref _datagramsSent, sent);
    }

    /// <summary>Counts and (rate-limited) logs a datagram that was not sent. Worker thread.</summary>
    internal void SendFailed(SendFailure reason, string detail, SocketAddress? remote)
    {
        _metrics.SendFailed(reason);
        var level = LevelOf(reason);
        if (_dropLog.ShouldLog(reason, level, out long suppressed))
        {
            Log.SendFailed(_logger, level, reason.Name(), detail, remote?.ToIPEndPoint().ToString() ?? "-", suppressed);
        }
    }

    private void SendNow(ReadOnlySpan<byte> datagram, SocketAddress remote, PacketKind kind)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            CountSent(kind, datagram.Length);
            Interlocked.Increment(ref _datagramsSent);
        }
        catch (SocketException e)
        {
            SendFailed(SocketSendToSender.ReasonOf(e.SocketErrorCode), e.SocketErrorCode.ToString(), remote);
        }
        catch (ObjectDisposedException)
        {
            SendFailed(SendFailure.SocketError, "the worker's socket is closed", remote);
        }
    }

    private void SendFailedInBatch(int index, SendFailure reason)
    {
        _metrics.SendFailed(reason);
        var level = LevelOf(reason);
        if (_dropLog.ShouldLog(reason, level, out long suppressed))
        {
            // Only now, a few times a second at most, is the address turned into something printable.
            var address = new SocketAddress(_socket.AddressFamily, _sendBatch.Address(index).Length);
            _sendBatch.Address(index).CopyTo(address.Buffer.Span);
            string detail = $"{_sendBatch.Kind(index)} datagram of {_sendBatch.Datagram(index).Length} bytes, {_sender.Name} error {_sendBatch.Error(index)}";
            Log.SendFailed(_logger, level, reason.Name(), detail, address.ToIPEndPoint().ToString(), suppressed);
        }
    }

    /// <summary>Sending before a transport is connected is routine while peers join: not worth a warning.</summary>
    private static LogLevel LevelOf(SendFailure reason) => reason == SendFailure.NotConnected ? LogLevel.Debug : LogLevel.Warning;

    private void CountSent(PacketKind kind, int bytes)
    {
        switch (kind)
        {
            case PacketKind.Rtp:
                _metrics.RtpSent(bytes);
                break;
            case PacketKind.Rtcp:
                _metrics.RtcpSent(bytes);
                break;
            case PacketKind.Stun:
                _metrics.StunSent(bytes);
                break;
            case PacketKind.Dtls:
                _metrics.DtlsSent(bytes);
                break;
        }
    }
}
