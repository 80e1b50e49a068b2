// Unit tests of the join timings (node --test): steps taken once per join, cleared by a new join, and the first
// audio packet and video frame found from the subscriber connection's statistics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JoinTimings, JOIN_STEPS, FIRST_FRAME_POLL_MS } from '../src/join-timings.js';

/** A peer connection whose getStats() returns what the test put in `inbound`. */
class FakeStatsPc {
  constructor() {
    this.signalingState = 'stable';
    this.inbound = [];
    this.reads = 0;
  }
  async getStats() {
    this.reads++;
    return new Map(this.inbound.map((s, i) => [String(i), { type: 'inbound-rtp', ...s }]));
  }
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('every step is null until taken, and a step is taken only the first time', () => {
  let now = 100;
  const timings = new JoinTimings(() => now);
  assert.deepEqual(Object.keys(timings.snapshot()), [...JOIN_STEPS]);
  assert.ok(Object.values(timings.snapshot()).every((v) => v === null));

  timings.begin();
  now = 112.34;
  timings.mark('token');
  now = 150;
  timings.mark('token');
  timings.mark('connect');

  const t = timings.snapshot();
  assert.equal(t.start, 100);
  assert.equal(t.token, 112.3);
  assert.equal(t.connect, 150);
  assert.equal(t.firstFrame, null);
});

test('steps before begin() do not count, and a new join clears the last one', () => {
  let now = 5;
  const timings = new JoinTimings(() => now);
  timings.mark('connect');
  assert.equal(timings.snapshot().connect, null);

  timings.begin();
  timings.mark('join');
  now = 900;
  timings.begin();
  assert.equal(timings.snapshot().start, 900);
  assert.equal(timings.snapshot().join, null);
});

test('the first decoded frame and audio packet are read from the statistics, then reading stops', async () => {
  let now = 0;
  const timings = new JoinTimings(() => now);
  const pc = new FakeStatsPc();
  timings.begin();
  pc.inbound = [{ kind: 'video', framesDecoded: 0 }, { kind: 'audio', packetsReceived: 0 }];
  timings.watchFirstFrame(pc);
  await wait(FIRST_FRAME_POLL_MS * 4);
  assert.equal(timings.snapshot().firstFrame, null);
  assert.ok(pc.reads > 0);

  now = 240;
  pc.inbound = [{ kind: 'video', framesDecoded: 0 }, { kind: 'audio', packetsReceived: 3 }];
  await wait(FIRST_FRAME_POLL_MS * 4);
  now = 310;
  pc.inbound = [{ kind: 'video', framesDecoded: 2 }, { kind: 'audio', packetsReceived: 9 }];
  await wait(FIRST_FRAME_POLL_MS * 4);

  const t = timings.snapshot();
  assert.equal(t.firstAudio, 240);
  assert.equal(t.firstFrame, 310);
  const reads = pc.reads;
  await wait(FIRST_FRAME_POLL_MS * 4);
  assert.equal(pc.reads, reads, 'no reading after the first frame');
});

test('stop() ends the watching (leaving before any frame)', async () => {
  const timings = new JoinTimings(() => 1);
  const pc = new FakeStatsPc();
  timings.begin();
  timings.watchFirstFrame(pc);
  await wait(FIRST_FRAME_POLL_MS * 3);
  timings.stop();
  const reads = pc.reads;
  await wait(FIRST_FRAME_POLL_MS * 4);
  assert.equal(pc.reads, reads);
  assert.equal(timings.snapshot().firstFrame, null);
});
