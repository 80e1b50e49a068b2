// Unit tests of following a cluster's Join redirect (node --test).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextHop, MAX_REDIRECTS } from '../src/redirect.js';

test('a joined room is not a redirect', () => {
  assert.equal(nextHop({ participantId: 'p', room: 'r' }, 0, 'r'), null);
  assert.equal(nextHop({ participantId: 'p', room: 'r', redirect: null }, 0, 'r'), null);
});

test('a redirect names the hub to join at', () => {
  const response = { participantId: '', room: 'r', redirect: { url: 'http://node-b:8080/hubs/room', node: 'node-b' } };
  assert.equal(nextHop(response, 0, 'r'), 'http://node-b:8080/hubs/room');
  assert.equal(nextHop(response, MAX_REDIRECTS - 1, 'r'), 'http://node-b:8080/hubs/room');
});

test('more than MAX_REDIRECTS redirects is an error that says why', () => {
  const response = { redirect: { url: 'http://node-a/hubs/room', node: 'node-a' } };
  assert.equal(MAX_REDIRECTS, 2);
  assert.throws(() => nextHop(response, MAX_REDIRECTS, 'r'), /room r was redirected 3 times \(last to node node-a at http:\/\/node-a\/hubs\/room\)/);
});

test('a redirect without a URL is an error', () => {
  assert.throws(() => nextHop({ redirect: { node: 'x' } }, 0, 'r'), /without saying where/);
});
