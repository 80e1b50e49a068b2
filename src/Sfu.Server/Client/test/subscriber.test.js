// Unit tests of the subscriber connection (node --test): m-sections matched to remote tracks by mid, including a mid
// the server reuses for a new track, and offers that race with a track's unpublishing.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Subscriber } from '../src/subscriber.js';
import { Roster } from '../src/roster.js';

/** A peer connection whose transceivers follow the mids of the offers applied (one receiver track per mid, kept). */
class FakePeerConnection {
  constructor() {
    this.transceivers = [];
    this.signalingState = 'stable';
    this.localDescription = null;
  }
  async setRemoteDescription(d) {
    for (const mid of [...d.sdp.matchAll(/a=mid:(\S+)/g)].map((m) => m[1])) {
      if (!this.transceivers.some((t) => t.mid === mid)) {
        this.transceivers.push({ mid, receiver: { track: { id: 'receiver-' + mid, kind: 'video' } } });
      }
    }
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'v=0 fake answer' };
  }
  async setLocalDescription(d) {
    this.localDescription = d;
  }
  getTransceivers() {
    return this.transceivers;
  }
  close() {
    this.signalingState = 'closed';
  }
}

globalThis.RTCPeerConnection = FakePeerConnection;
globalThis.MediaStream = class {
  constructor(tracks) {
    this.tracks = tracks;
  }
};

let events;
let answers;
let roster;
let subscriber;

beforeEach(() => {
  events = [];
  answers = [];
  roster = new Roster((type, detail) => events.push({ type, ...detail }), (p) => subscriber.drop(p));
  subscriber = new Subscriber({}, async (method, arg) => answers.push([method, arg]), {
    subscribed: (s) => roster.subscribed(s),
    unsubscribed: (s) => roster.unsubscribed(s),
    isGone: (id, trackId) => roster.isGone(id, trackId),
    error: (e) => events.push({ type: 'error', error: e }),
  });
  roster.apply([{ participantId: 'PA_a', name: 'Alice', tracks: [] }, { participantId: 'PA_c', name: 'Carol', tracks: [] }], 'PA_me');
});

function offer(version, mids, tracks) {
  return { version, sdp: 'v=0\r\n' + mids.map((m) => `m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:${m}\r\n`).join(''), tracks };
}

const video = (mid, trackId, participantId) => ({ mid, trackId, participantId, kind: 'video', source: 'camera' });

function kinds(type) {
  return events.filter((e) => e.type === type).map((e) => e.trackId);
}

test('a mid the server reuses for a new track ends the old subscription and starts a new one on the same receiver track', async () => {
  roster.addTrack('PA_a', { trackId: 'TR_1', kind: 'video', source: 'camera' });
  await subscriber.handleOffer(offer(1, ['0'], [video('0', 'TR_1', 'PA_a')]));
  const first = subscriber.subscriptions.get('0');
  assert.equal(first.trackId, 'TR_1');

  // Alice's track goes (the m-section inactive), then Carol's takes the same mid.
  roster.removeTrack('PA_a', 'TR_1');
  await subscriber.handleOffer(offer(2, ['0'], []));
  assert.equal(subscriber.subscriptions.size, 0);
  roster.addTrack('PA_c', { trackId: 'TR_2', kind: 'video', source: 'camera' });
  await subscriber.handleOffer(offer(3, ['0'], [video('0', 'TR_2', 'PA_c')]));

  const second = subscriber.subscriptions.get('0');
  assert.equal(second.trackId, 'TR_2');
  assert.equal(second.participantId, 'PA_c');
  assert.equal(second.track, first.track);
  assert.notEqual(second.stream, first.stream);
  assert.deepEqual(kinds('trackSubscribed'), ['TR_1', 'TR_2']);
  assert.deepEqual(kinds('trackUnsubscribed'), ['TR_1']);
  assert.deepEqual(answers.map(([, a]) => a.version), [1, 2, 3]);
});

test('a mid that switches tracks within one offer (never inactive in between) does the same', async () => {
  roster.addTrack('PA_a', { trackId: 'TR_1', kind: 'video', source: 'camera' });
  roster.addTrack('PA_c', { trackId: 'TR_2', kind: 'video', source: 'camera' });
  await subscriber.handleOffer(offer(1, ['0'], [video('0', 'TR_1', 'PA_a')]));
  await subscriber.handleOffer(offer(2, ['0'], [video('0', 'TR_2', 'PA_c')]));

  assert.equal(subscriber.subscriptions.get('0').trackId, 'TR_2');
  assert.deepEqual(kinds('trackSubscribed'), ['TR_1', 'TR_2']);
  assert.deepEqual(kinds('trackUnsubscribed'), ['TR_1']);
  assert.equal(roster.participants.get('PA_a').tracks.get('TR_1').subscription, null);
});

test('an offer older than a track\'s unpublishing does not bring the track back', async () => {
  roster.addTrack('PA_a', { trackId: 'TR_1', kind: 'video', source: 'camera' });
  await subscriber.handleOffer(offer(1, ['0'], [video('0', 'TR_1', 'PA_a')]));
  roster.removeTrack('PA_a', 'TR_1');

  // The server sent this offer before it unpublished TR_1; it arrives after TrackUnpublished.
  await subscriber.handleOffer(offer(2, ['0'], [video('0', 'TR_1', 'PA_a')]));
  assert.equal(subscriber.subscriptions.size, 0);
  assert.deepEqual(kinds('trackSubscribed'), ['TR_1']);
  assert.deepEqual(kinds('trackPublished'), ['TR_1']);
  assert.equal(roster.participants.get('PA_a').tracks.size, 0);
});
