// Unit tests of what the publisher sends (node --test): simulcast encodings per source and the Publish track info.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { LocalTrack, Publisher, SIMULCAST_ENCODINGS } from '../src/publisher.js';

/** A peer connection that records its transceivers and answers nothing but what Publisher needs. */
class FakePeerConnection {
  constructor() {
    this.transceivers = [];
    this.signalingState = 'stable';
    this.localDescription = null;
  }
  addTransceiver(track, init) {
    const t = { mid: String(this.transceivers.length), track, init, sender: { replaceTrack: async () => {} }, stopped: false, direction: init.direction };
    this.transceivers.push(t);
    return t;
  }
  getTransceivers() {
    return this.transceivers;
  }
  async createOffer() {
    return { type: 'offer', sdp: 'v=0 fake offer' };
  }
  async setLocalDescription(d) {
    this.localDescription = d;
    this.signalingState = 'have-local-offer';
  }
  async setRemoteDescription() {
    this.signalingState = 'stable';
  }
  close() {
    this.signalingState = 'closed';
  }
}

function track(kind, settings = {}) {
  return { kind, enabled: true, getSettings: () => settings, stop() {} };
}

let published;

function publisher() {
  return new Publisher({}, async (method, request) => {
    assert.equal(method, 'Publish');
    published.push(request);
    return { sdp: 'v=0 fake answer', trackIds: Object.fromEntries(request.tracks.map((t) => [t.mid, `TR_${t.mid}`])) };
  });
}

beforeEach(() => {
  globalThis.RTCPeerConnection = FakePeerConnection;
  published = [];
});

test('camera video is simulcast by default, highest layer first; screen and audio never', () => {
  const stream = {};
  assert.equal(new LocalTrack(track('video'), { source: 'camera', stream }).simulcast, true);
  assert.equal(new LocalTrack(track('video'), { source: 'camera', simulcast: false, stream }).simulcast, false);
  assert.equal(new LocalTrack(track('video'), { source: 'screen', simulcast: true, stream }).simulcast, false);
  assert.equal(new LocalTrack(track('video'), { source: 'unknown', stream }).simulcast, false);
  assert.equal(new LocalTrack(track('video'), { source: 'unknown', simulcast: true, stream }).simulcast, true);
  assert.equal(new LocalTrack(track('audio'), { source: 'microphone', simulcast: true, stream }).simulcast, false);
  assert.deepEqual(SIMULCAST_ENCODINGS.map((e) => [e.rid, e.scaleResolutionDownBy, e.maxBitrate]), [
    ['h', 1, 1_500_000],
    ['m', 2, 500_000],
    ['l', 4, 150_000],
  ]);
});

test('publishing sends the encodings with the transceiver and the source size in the Publish track info', async () => {
  const p = publisher();
  const camera = new LocalTrack(track('video', { width: 1280, height: 720 }), { source: 'camera', name: 'cam', stream: {} });
  const single = new LocalTrack(track('video', { width: 640, height: 480 }), { source: 'camera', simulcast: false, stream: {} });
  const screen = new LocalTrack(track('video', { width: 1920, height: 1080 }), { source: 'screen', stream: {} });
  const mic = new LocalTrack(track('audio'), { source: 'microphone', stream: {} });
  await p.add([camera, single, screen, mic]);

  const [t0, t1, t2, t3] = p.pc.getTransceivers();
  assert.deepEqual(t0.init.sendEncodings.map((e) => e.rid), ['h', 'm', 'l']);
  assert.equal(t1.init.sendEncodings, undefined);
  assert.equal(t2.init.sendEncodings, undefined);
  assert.equal(t3.init.sendEncodings, undefined);
  assert.deepEqual(published[0].tracks, [
    { mid: '0', kind: 'video', source: 'camera', name: 'cam', width: 1280, height: 720 },
    { mid: '1', kind: 'video', source: 'camera', width: 640, height: 480 },
    { mid: '2', kind: 'video', source: 'screen', width: 1920, height: 1080 },
    { mid: '3', kind: 'audio', source: 'microphone' },
  ]);
  assert.deepEqual([camera, single, screen, mic].map((t) => t.trackId), ['TR_0', 'TR_1', 'TR_2', 'TR_3']);
});

test('a target names local tracks by the track, a list, a kind, a source or a trackId', async () => {
  const p = publisher();
  const camera = new LocalTrack(track('video'), { source: 'camera', stream: {} });
  const screen = new LocalTrack(track('video'), { source: 'screen', stream: {} });
  const mic = new LocalTrack(track('audio'), { source: 'microphone', stream: {} });
  await p.add([camera, screen, mic]);

  assert.deepEqual(p.select(screen), [screen]);
  assert.deepEqual(p.select([mic, camera]), [camera, mic]);
  assert.deepEqual(p.select('video'), [camera, screen]);
  assert.deepEqual(p.select('microphone'), [mic]);
  assert.deepEqual(p.select('screen-audio'), []);
  assert.deepEqual(p.select(screen.trackId), [screen]);
  assert.deepEqual(p.select('TR_9'), []);
});

test('closing for a move keeps the captured tracks running, and another publisher sends them again', async () => {
  let stopped = 0;
  const camera = new LocalTrack({ ...track('video', { width: 1280, height: 720 }), stop: () => stopped++ }, { source: 'camera', stream: {} });
  const first = publisher();
  await first.add([camera]);
  first.close({ stopTracks: false });
  assert.equal(stopped, 0);

  const second = publisher();
  camera.trackId = null;
  camera.transceiver = null;
  await second.add([camera]);
  assert.equal(camera.trackId, 'TR_0');
  assert.equal(second.pc.getTransceivers()[0].track, camera.track);
  second.close();
  assert.equal(stopped, 1);
});

test('an offer given a way of its own (Join) goes that way, not as Publish', async () => {
  const p = publisher();
  const mic = new LocalTrack(track('audio'), { source: 'microphone', stream: {} });
  const sent = [];
  await p.add([mic], async (request) => {
    sent.push(request);
    return { sdp: 'v=0 fake answer', trackIds: { 0: 'TR_join' } };
  });
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].tracks, [{ mid: '0', kind: 'audio', source: 'microphone' }]);
  assert.deepEqual(published, []);
  assert.equal(mic.trackId, 'TR_join');
});
