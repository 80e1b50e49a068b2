// Unit tests of the adaptive subscription preferences (node --test), with fake observers, document and timers.
// tests/Sfu.Server.Tests/Client runs them as part of the .NET test suite.

import { test, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveStream, ADAPTIVE_DEBOUNCE_MS } from '../src/adaptive-stream.js';

/** Every ResizeObserver / IntersectionObserver made, to fire their callbacks by hand. */
let resizeObservers = [];
let intersectionObservers = [];

class FakeObserver {
  constructor(callback) {
    this.callback = callback;
    this.observed = new Set();
  }
  observe(el) {
    this.observed.add(el);
  }
  unobserve(el) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
}

class FakeResizeObserver extends FakeObserver {
  constructor(callback) {
    super(callback);
    resizeObservers.push(this);
  }
}

class FakeIntersectionObserver extends FakeObserver {
  constructor(callback) {
    super(callback);
    intersectionObservers.push(this);
  }
}

function element(width, height) {
  return { width, height, getBoundingClientRect() { return { width: this.width, height: this.height }; } };
}

function resize(el, width, height) {
  el.width = width;
  el.height = height;
  for (const o of resizeObservers) if (o.observed.has(el)) o.callback([{ target: el, contentRect: { width, height } }]);
}

function intersect(el, isIntersecting) {
  for (const o of intersectionObservers) if (o.observed.has(el)) o.callback([{ target: el, isIntersecting }]);
}

function setPageVisible(visible) {
  globalThis.document.visibilityState = visible ? 'visible' : 'hidden';
  for (const l of globalThis.document.listeners) l();
}

/** Lets the debounce run out and the sends settle. */
async function settle() {
  mock.timers.tick(ADAPTIVE_DEBOUNCE_MS);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

let sent;
let errors;
let subscribed;
let failNext;

function make(enabled = true) {
  return new AdaptiveStream({
    enabled,
    send: async (trackId, preference) => {
      if (failNext) {
        failNext = false;
        throw new Error('SetSubscriptionPreference: not connected');
      }
      sent.push({ trackId, ...preference });
    },
    isSubscribed: (trackId) => subscribed.has(trackId),
    error: (e) => errors.push(e.message),
  });
}

beforeEach(() => {
  resizeObservers = [];
  intersectionObservers = [];
  sent = [];
  errors = [];
  subscribed = new Set(['TR_a', 'TR_b']);
  failNext = false;
  globalThis.ResizeObserver = FakeResizeObserver;
  globalThis.IntersectionObserver = FakeIntersectionObserver;
  globalThis.window = { devicePixelRatio: 2 };
  const listeners = new Set();
  globalThis.document = {
    visibilityState: 'visible',
    listeners,
    addEventListener: (type, l) => type === 'visibilitychange' && listeners.add(l),
    removeEventListener: (type, l) => type === 'visibilitychange' && listeners.delete(l),
  };
  mock.timers.enable({ apis: ['setTimeout'] });
});

afterEach(() => {
  mock.timers.reset();
});

test('a visible element sends its size in device pixels once it has settled, and only changes after that', async () => {
  const a = make();
  const video = element(400, 300);
  a.attach('TR_a', video);
  mock.timers.tick(ADAPTIVE_DEBOUNCE_MS - 1);
  assert.deepEqual(sent, [], 'nothing before the debounce ran out');
  await settle();
  assert.deepEqual(sent, [{ trackId: 'TR_a', paused: false, maxWidth: 800, maxHeight: 600 }]);

  // A burst of resizes sends the last size once; the same size again sends nothing.
  resize(video, 200, 150);
  mock.timers.tick(100);
  resize(video, 160.4, 90.2);
  await settle();
  resize(video, 160.4, 90.2);
  await settle();
  assert.deepEqual(sent.slice(1), [{ trackId: 'TR_a', maxWidth: 321, maxHeight: 180 }]);
});

test('out of the viewport, zero size or a hidden page pause the track; visible again resumes it', async () => {
  const a = make();
  const video = element(320, 180);
  a.attach('TR_a', video);
  await settle();
  sent.length = 0;

  intersect(video, false);
  await settle();
  intersect(video, true);
  await settle();
  resize(video, 0, 0);
  await settle();
  resize(video, 320, 180);
  await settle();
  setPageVisible(false);
  await settle();
  setPageVisible(true);
  await settle();
  assert.deepEqual(sent, [
    { trackId: 'TR_a', paused: true },
    { trackId: 'TR_a', paused: false },
    { trackId: 'TR_a', paused: true },
    { trackId: 'TR_a', paused: false },
    { trackId: 'TR_a', paused: true },
    { trackId: 'TR_a', paused: false },
  ]);
});

test('the largest visible element of a track counts; one element shows one track at a time', async () => {
  const a = make();
  const small = element(100, 100);
  const big = element(300, 200);
  a.attach('TR_a', small);
  a.attach('TR_a', big);
  await settle();
  assert.deepEqual(sent, [{ trackId: 'TR_a', paused: false, maxWidth: 600, maxHeight: 400 }]);

  intersect(big, false);
  await settle();
  assert.deepEqual(sent[1], { trackId: 'TR_a', maxWidth: 200, maxHeight: 200 });

  // The small element now shows TR_b: TR_a has no visible element left and pauses; TR_b starts.
  a.attach('TR_b', small);
  resize(big, 300, 200);
  await settle();
  assert.deepEqual(sent.slice(2).sort((x, y) => x.trackId.localeCompare(y.trackId)), [
    { trackId: 'TR_a', paused: true },
    { trackId: 'TR_b', paused: false, maxWidth: 200, maxHeight: 200 },
  ]);
  assert.equal(a.snapshot().get('TR_a').elements, 1);
});

test('a manual preference stops the automatic one until it is cleared, which sends the automatic one at once', async () => {
  const a = make();
  const video = element(400, 300);
  a.attach('TR_a', video);
  await settle();
  sent.length = 0;

  a.setManual('TR_a', { maxSpatialLayer: 0 });
  resize(video, 1000, 500);
  intersect(video, false);
  await settle();
  assert.deepEqual(sent, [], 'no automatic preference while the manual one holds');
  assert.deepEqual(a.snapshot().get('TR_a'), { manual: true, preference: { maxSpatialLayer: 0 }, elements: 1 });

  intersect(video, true);
  await a.clearManual('TR_a');
  assert.deepEqual(sent, [{ trackId: 'TR_a', paused: false, maxWidth: 2000, maxHeight: 1000 }]);
  assert.equal(a.snapshot().get('TR_a').manual, false);
});

test('clearing a manual preference of a track shown by no element drops every limit', async () => {
  const a = make();
  a.setManual('TR_b', { maxWidth: 320, maxHeight: 180 });
  await a.clearManual('TR_b');
  assert.deepEqual(sent, [{ trackId: 'TR_b', paused: false, maxSpatialLayer: 2 }]);
  assert.equal(a.snapshot().has('TR_b'), false);
});

test('a refused manual preference is undone and the automatic one goes on', async () => {
  const a = make();
  const video = element(400, 300);
  a.attach('TR_a', video);
  await settle();
  const undo = a.setManual('TR_a', { maxSpatialLayer: 7 });
  undo();
  resize(video, 200, 150);
  await settle();
  assert.deepEqual(sent.at(-1), { trackId: 'TR_a', maxWidth: 400, maxHeight: 300 }); // what was sent before still holds
});

test('nothing is sent for a track not received; when it is, the whole preference is', async () => {
  const a = make();
  subscribed.delete('TR_a');
  const video = element(400, 300);
  a.attach('TR_a', video);
  await settle();
  assert.deepEqual(sent, []);

  subscribed.add('TR_a');
  a.subscribed('TR_a');
  await settle();
  assert.deepEqual(sent, [{ trackId: 'TR_a', paused: false, maxWidth: 800, maxHeight: 600 }]);

  // Received again later (a new subscription): what the server holds is unknown, so all of it is sent again.
  a.unsubscribed('TR_a');
  a.subscribed('TR_a');
  await settle();
  assert.deepEqual(sent[1], { trackId: 'TR_a', paused: false, maxWidth: 800, maxHeight: 600 });
});

test('a failed send is reported and sent again in full at the next evaluation', async () => {
  const a = make();
  const video = element(400, 300);
  failNext = true;
  a.attach('TR_a', video);
  await settle();
  assert.deepEqual(sent, []);
  assert.deepEqual(errors, ['SetSubscriptionPreference: not connected']);

  a.refresh();
  await settle();
  assert.deepEqual(sent, [{ trackId: 'TR_a', paused: false, maxWidth: 800, maxHeight: 600 }]);
});

test('disabled, or after close, nothing is watched or sent', async () => {
  const off = make(false);
  off.attach('TR_a', element(400, 300));
  await settle();
  assert.equal(off.enabled, false);
  assert.equal(resizeObservers.length, 0);

  const a = make();
  const video = element(400, 300);
  a.attach('TR_a', video);
  a.close();
  resize(video, 100, 100);
  await settle();
  assert.deepEqual(sent, []);
  assert.equal(document.listeners.size, 0);
});

test('sizes are clamped to what the server accepts', async () => {
  const a = make();
  globalThis.window.devicePixelRatio = 3;
  a.attach('TR_a', element(6000, 0.2));
  await settle();
  assert.deepEqual(sent, [{ trackId: 'TR_a', paused: false, maxWidth: 16384, maxHeight: 1 }]);
});
