// Unit tests of the publisher offer sent with Join (node --test): held for Join while Join is not sent, answered from
// the JoinResponse, sent as Publish when too late for Join or when the server did not take it.

import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { JoinOffer, RECEIVE_FIRST_MAX_MS, receiving } from '../src/join-offer.js';

const request = { sdp: 'v=0 fake offer', tracks: [{ mid: '0', kind: 'audio', source: 'microphone' }] };
const answer = { sdp: 'v=0 fake answer', trackIds: { 0: 'TR_0' } };

function recorder() {
  const calls = [];
  const invoke = async (method, arg) => {
    calls.push([method, arg]);
    return answer;
  };
  return { calls, invoke };
}

test('an offer ready before Join goes with it and is answered from the response, without Publish', async () => {
  const { calls, invoke } = recorder();
  const offer = new JoinOffer(invoke);
  const answered = offer.send(request);
  assert.equal(offer.early, true);
  assert.deepEqual(offer.take(), request);
  offer.joined({ participantId: 'PA_1', publish: answer });
  assert.deepEqual(await answered, answer);
  assert.deepEqual(calls, []);
});

test('an offer refused with Join fails with the reason', async () => {
  const { calls, invoke } = recorder();
  const offer = new JoinOffer(invoke);
  const answered = offer.send(request);
  offer.take();
  offer.joined({ participantId: 'PA_1', publish: null, publishError: 'Not allowed to publish.' });
  await assert.rejects(answered, /Publish: Not allowed to publish\./);
  assert.deepEqual(calls, []);
});

test('an offer the server did not answer with Join goes as Publish', async () => {
  const { calls, invoke } = recorder();
  const offer = new JoinOffer(invoke);
  const answered = offer.send(request);
  offer.take();
  offer.joined({ participantId: 'PA_1' });
  assert.deepEqual(await answered, answer);
  assert.deepEqual(calls, [['Publish', request]]);
});

test('an offer made after Join was sent waits for the join and goes as Publish', async () => {
  const { calls, invoke } = recorder();
  const offer = new JoinOffer(invoke);
  assert.equal(offer.take(), null);
  const answered = offer.send(request);
  assert.equal(offer.early, false);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(calls, [], 'nothing is published before the room is joined');
  offer.joined({ participantId: 'PA_1' });
  assert.deepEqual(await answered, answer);
  assert.deepEqual(calls, [['Publish', request]]);
});

test('a failed join fails the offer held for it and any made later, publishing nothing', async () => {
  const { calls, invoke } = recorder();
  const held = new JoinOffer(invoke);
  const first = held.send(request);
  held.failed(new Error('join failed: no room'));
  await assert.rejects(first, /no room/);

  const late = new JoinOffer(invoke);
  late.take();
  const second = late.send(request);
  late.failed(new Error('join failed: refused'));
  await assert.rejects(second, /refused/);
  assert.deepEqual(calls, []);
});

test('the answer that came with Join and a later Publish both wait until the receive side is up', async () => {
  const { calls, invoke } = recorder();
  let up;
  const ready = new Promise((resolve) => {
    up = resolve;
  });

  const withJoin = new JoinOffer(invoke);
  let answeredWithJoin = false;
  withJoin.send(request).then(() => {
    answeredWithJoin = true;
  });
  withJoin.take();
  withJoin.joined({ participantId: 'PA_1', publish: answer }, ready);

  const late = new JoinOffer(invoke);
  late.take();
  late.joined({ participantId: 'PA_2' }, ready);
  const lateAnswer = late.send(request);

  await new Promise((r) => setTimeout(r, 5));
  assert.equal(answeredWithJoin, false, 'the answer is not applied before the receive side is up');
  assert.deepEqual(calls, [], 'no Publish before the receive side is up');
  up();
  assert.deepEqual(await lateAnswer, answer);
  assert.equal(answeredWithJoin, true);
  assert.deepEqual(calls, [['Publish', request]]);
});

/** A subscriber connection whose state the test sets. */
class FakeSubscriberPc extends EventTarget {
  connectionState = 'new';
  set(state) {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

test('the receive side is up when the subscriber connection connects, at once with nothing to receive, else after the cap', async () => {
  await receiving(null, true);
  await receiving(new FakeSubscriberPc(), false);

  const pc = new FakeSubscriberPc();
  let up = false;
  const ready = receiving(pc, true).then(() => {
    up = true;
  });
  pc.set('connecting');
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(up, false);
  pc.set('connected');
  await ready;

  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let capped = false;
    const never = receiving(new FakeSubscriberPc(), true).then(() => {
      capped = true;
    });
    mock.timers.tick(RECEIVE_FIRST_MAX_MS - 1);
    await Promise.resolve();
    assert.equal(capped, false);
    mock.timers.tick(1);
    await never;
    assert.equal(capped, true);
  } finally {
    mock.timers.reset();
  }
});
