// Unit tests of the roster (node --test): who is reconnecting, from the Join/Resume lists and the hub's events.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Roster } from '../src/roster.js';

function roster() {
  const events = [];
  const r = new Roster((type, detail) => events.push({ type, detail }), () => {});
  return { r, events, types: () => events.map((e) => `${e.type}:${e.detail.participantId}`) };
}

test('a participant listed as reconnecting is reconnecting until it resumes, and each change is told once', () => {
  const { r, types } = roster();
  r.apply([{ participantId: 'PA_a', name: 'Alice', tracks: [] }, { participantId: 'PA_b', name: 'Bob', tracks: [], reconnecting: true }], 'PA_me');
  assert.equal(r.participants.get('PA_a').reconnecting, false);
  assert.equal(r.participants.get('PA_b').reconnecting, true);

  r.setReconnecting('PA_a', true);
  r.setReconnecting('PA_a', true);
  r.setReconnecting('PA_b', false);
  r.setReconnecting('PA_gone', true);
  assert.deepEqual(types(), ['participantJoined:PA_a', 'participantJoined:PA_b', 'participantReconnecting:PA_a', 'participantResumed:PA_b']);
  assert.equal(r.participants.get('PA_a').reconnecting, true);
  assert.equal(r.participants.get('PA_b').reconnecting, false);
});

test('the list after a Resume updates who is reconnecting', () => {
  const { r, types } = roster();
  r.add({ participantId: 'PA_a', name: 'Alice', tracks: [] }, true);
  r.setReconnecting('PA_a', true);
  r.apply([{ participantId: 'PA_a', name: 'Alice', tracks: [], reconnecting: false }], 'PA_me');
  assert.equal(r.participants.get('PA_a').reconnecting, false);
  assert.deepEqual(types(), ['participantJoined:PA_a', 'participantReconnecting:PA_a', 'participantResumed:PA_a']);
});
