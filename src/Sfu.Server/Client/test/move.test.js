// Unit tests of the move policy (node --test): what a server's Moving message may say, and how long to retry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MOVE_WINDOW_MS, moveFailedReason, moveRetryDelay, readMove } from '../src/move.js';

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
