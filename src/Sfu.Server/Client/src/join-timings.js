/**
 * The steps of joining a room, in the order they usually happen, as `SfuClient.joinTimings` reports them:
 * - `start`: `join()` was called;
 * - `token`: the join token was in hand (the `token` option's function resolved; right after `start` for a string);
 * - `connect`: the hub connection was open;
 * - `join`: the server answered `Join`;
 * - `subscriberOffer`: the server's first subscriber offer arrived;
 * - `subscriberAnswered`: the server took this client's answer to it;
 * - `subscriberConnected`: the subscriber peer connection was connected (ICE and DTLS done);
 * - `publishAnswered`: the server's answer to the first publish was applied (null when nothing was published);
 * - `firstAudio`: the first remote audio packet was received;
 * - `firstFrame`: the first remote video frame was decoded.
 */
export const JOIN_STEPS = Object.freeze([
  'start',
  'token',
  'connect',
  'join',
  'subscriberOffer',
  'subscriberAnswered',
  'subscriberConnected',
  'publishAnswered',
  'firstAudio',
  'firstFrame',
]);

/** How often the subscriber's statistics are read while waiting for the first frame. */
export const FIRST_FRAME_POLL_MS = 10;

/** How long to wait for the first frame before giving up (the step stays null). */
export const FIRST_FRAME_TIMEOUT_MS = 60000;

/**
 * When each step of the current join happened, in milliseconds since the page's time origin (`performance.now()`:
 * for a page that joins as it opens, since the page was opened). Each step is taken the first time it happens after
 * `begin()`; a step that has not happened (yet) is null.
 *
 * The first remote audio packet and video frame are found by reading the subscriber connection's statistics every
 * FIRST_FRAME_POLL_MS from the first subscription until the first frame is decoded (or FIRST_FRAME_TIMEOUT_MS
 * passed): a handful of cheap `getStats()` calls per join, none after.
 */
export class JoinTimings {
  /** @type {Record<string, number|null>} */
  #at = JoinTimings.#empty();
  /** @type {ReturnType<typeof setInterval>|null} */
  #poll = null;
  #pollStarted = 0;
  #reading = false;
  #now;

  /** @param {() => number} [now] the clock, `performance.now()` by default */
  constructor(now = () => performance.now()) {
    this.#now = now;
  }

  /** Starts a new join: every step is cleared, then `start` is taken. */
  begin() {
    this.stop();
    this.#at = JoinTimings.#empty();
    this.mark('start');
  }

  /**
   * Takes a step now, unless it was already taken in this join (or no join began).
   * @param {string} step one of JOIN_STEPS
   */
  mark(step) {
    if (this.#at.start === null && step !== 'start') {
      return; // no join began: a connection opened by connect() alone is not a join step
    }
    if (this.#at[step] === null) {
      this.#at[step] = Math.round(this.#now() * 10) / 10;
    }
  }

  /** @returns {Record<string, number|null>} a copy: step → milliseconds since the time origin, or null */
  snapshot() {
    return { ...this.#at };
  }

  /**
   * Watches a peer connection's inbound streams until the first video frame is decoded (taking `firstAudio` on the
   * way). Does nothing when already watching or when the first frame was already seen.
   * @param {RTCPeerConnection} pc the subscriber connection
   */
  watchFirstFrame(pc) {
    if (this.#poll !== null || this.#at.firstFrame !== null || this.#at.start === null) {
      return;
    }
    this.#pollStarted = this.#now();
    this.#poll = setInterval(() => this.#read(pc), FIRST_FRAME_POLL_MS);
  }

  /** Stops watching for the first frame (leaving, or a new join). */
  stop() {
    if (this.#poll !== null) {
      clearInterval(this.#poll);
      this.#poll = null;
    }
  }

  async #read(pc) {
    if (this.#reading) {
      return;
    }
    if (pc.signalingState === 'closed' || this.#now() - this.#pollStarted > FIRST_FRAME_TIMEOUT_MS) {
      this.stop();
      return;
    }
    this.#reading = true;
    try {
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio' && (s.packetsReceived ?? 0) > 0) this.mark('firstAudio');
        if (s.kind === 'video' && (s.framesDecoded ?? 0) > 0) this.mark('firstFrame');
      });
    } catch {
      // A closed connection: the next read stops.
    } finally {
      this.#reading = false;
    }
    if (this.#at.firstFrame !== null) {
      this.stop();
    }
  }

  static #empty() {
    return Object.fromEntries(JOIN_STEPS.map((s) => [s, null]));
  }
}
