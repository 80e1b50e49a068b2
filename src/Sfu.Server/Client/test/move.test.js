// Unit tests of the move policy (node --test): what a server's Moving message may say, and how long to retry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MOVE_WINDOW_MS, moveFailedReason, moveRetryDelay, readMove, rejoinAfterMove } from '../src/move.js';

test('a move message is read with bounds: a reason, a wait of 0-60 s, a URL or none', () => {
  assert.deepEqual(readMove({ reason: 'node-draining', retryAfterMs: 250, url: 'https://b.example.com/hubs/room' }),
    { reason: 'node-draining', retryAfterMs: 250, url: 'https://b.example.com/hubs/room' });
  assert.deepEqual(readMove({ reason: 'node-draining', retryAfterMs: 0, url: null }), { reason: 'node-draining', retryAfterMs: 0, url: null });
  assert.deepEqual(readMove(null), { reason: 'moving', retryAfterMs: 0, url: null });
  assert.equal(readMove({ retryAfterMs: -5 }).retryAfterMs, 0);
  assert.equal(readMove({ retryAfterMs: 3_600_000 }).retryAfterMs, 60000);
  assert.equal(readMove({ retryAfterMs: 'soon' }).retryAfterMs, 0);
  assert.equal(readMove({ url: '' }).url, null);
});

test('rejoin attempts back off and keep trying within the move window', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 10].map(moveRetryDelay), [250, 500, 1000, 2000, 2000, 2000]);
  assert.ok(DEFAULT_MOVE_WINDOW_MS >= 15000);
});

test('a failed move tells the page why it was disconnected', () => {
  assert.equal(moveFailedReason('node-draining', 'Could not connect'), 'the server is shutting down (node-draining); rejoining failed: Could not connect');
  assert.equal(moveFailedReason('maintenance', 'x'), 'maintenance; rejoining failed: x');
});

/** A clock and timer the test moves: wait(ms) advances the clock at once. */
function fakeTime() {
  const clock = { now: 0, waits: [] };
  clock.wait = async (ms) => {
    clock.waits.push(ms);
    clock.now += ms;
  };
  return clock;
}

test('rejoining waits the server delay, retries with backoff and succeeds', async () => {
  const time = fakeTime();
  let attempts = 0;
  let failures = 0;
  const result = await rejoinAfterMove({
    retryAfterMs: 300, windowMs: 30000, wait: time.wait, now: () => time.now, isCurrent: () => true,
    attempt: async () => {
      if (++attempts < 3) throw new Error('This server is draining');
    },
    failed: () => failures++,
  });
  assert.deepEqual(result, { outcome: 'moved' });
  assert.equal(attempts, 3);
  assert.equal(failures, 2);
  assert.deepEqual(time.waits, [300, 250, 500]);
});

test('rejoining gives up before the window would pass, with the last error', async () => {
  const time = fakeTime();
  const error = new Error('refused');
  const result = await rejoinAfterMove({
    retryAfterMs: 0, windowMs: 5000, wait: time.wait, now: () => time.now, isCurrent: () => true,
    attempt: async () => {
      throw error;
    },
    failed: () => {},
  });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error, error);
  assert.ok(time.now <= 5000, `waited ${time.now} ms`);
  assert.deepEqual(time.waits, [0, 250, 500, 1000, 2000]);
});

test('a move abandoned meanwhile (the client left) stops trying', async () => {
  const time = fakeTime();
  let current = true;
  let attempts = 0;
  const result = await rejoinAfterMove({
    retryAfterMs: 0, windowMs: 30000, wait: time.wait, now: () => time.now, isCurrent: () => current,
    attempt: async () => {
      attempts++;
      current = false;
      throw new Error('closed');
    },
    failed: () => assert.fail('no clean-up after an abandoned move'),
  });
  assert.deepEqual(result, { outcome: 'abandoned' });
  assert.equal(attempts, 1);
});
