/**
 * How long publishing as you join (`join(..., {publish})`) waits at most for the subscriber connection: receiving
 * comes first, so that this page's own ICE, DTLS and encoder start do not compete with the first picture of the
 * others (on a loaded machine they did: the subscriber's offer-to-answered step took up to twice as long).
 */
export const RECEIVE_FIRST_MAX_MS = 1000;

/**
 * Resolves when the receive side of a join is up: the subscriber connection connected (or failed or closed), at once
 * when nothing is to be received, at the latest after RECEIVE_FIRST_MAX_MS.
 * @param {RTCPeerConnection|null|undefined} pc the subscriber connection
 * @param {boolean} expected a subscriber offer came, or someone in the room publishes
 * @returns {Promise<void>}
 */
export function receiving(pc, expected) {
  if (!pc || !expected || pc.connectionState === 'connected') {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.connectionState === 'connected' || pc.connectionState === 'failed' || pc.connectionState === 'closed') done();
    };
    const timer = setTimeout(done, RECEIVE_FIRST_MAX_MS);
    pc.addEventListener('connectionstatechange', check);
  });
}

/**
 * The publisher's first offer of a join that publishes as it joins (`join(..., {publish})`). The camera and
 * microphone are captured while the hub connection opens; if the publisher's offer is ready by the time `Join` is
 * sent, it goes with `Join` (`JoinRequest.publish`) and the server answers it in the `JoinResponse`, which saves the
 * `Publish` round trip. An offer made later goes as `Publish` once the room is joined: joining never waits for the
 * camera (a real one takes a second to start, a permission prompt as long as the person takes).
 *
 * `send` is the publisher's way to the server for this one negotiation (Publisher.add's `send`).
 */
export class JoinOffer {
  /** @type {{request: object, resolve: (r: any) => void, reject: (e: Error) => void}|null} an offer held for Join */
  #held = null;
  /** Join has not been sent yet: an offer made now can go with it. */
  #open = true;
  /** @type {Promise<Promise<void>>} resolves (with the `ready` promise) once joined, rejects when the join failed */
  #joined;
  /** @type {{resolve: (r: any) => void, reject: (e: Error) => void}} */
  #settle = { resolve: () => {}, reject: () => {} };
  #invoke;

  /** @param {(method: string, ...args: any[]) => Promise<any>} invoke calls a hub method */
  constructor(invoke) {
    this.#invoke = invoke;
    this.#joined = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.#joined.catch(() => {}); // a failed join is reported by join() itself
    /** @type {boolean} the offer was made before Join was answered (before the ICE servers were known) */
    this.early = false;
  }

  /**
   * Sends the publisher's offer: held for `Join` while `Join` has not been sent, else sent as `Publish` once joined
   * and the receive side is up (see `joined`).
   * @param {{sdp: string, tracks: object[]}} request
   * @returns {Promise<{sdp: string, trackIds: Record<string, string>}>} the server's answer
   */
  send = (request) => {
    if (this.#open) {
      this.early = true;
      return new Promise((resolve, reject) => {
        this.#held = { request, resolve, reject };
      });
    }
    return this.#joined.then((ready) => ready).then(() => this.#invoke('Publish', request));
  };

  /**
   * `Join` is about to be sent: the offer ready now goes with it; one made from now on goes as `Publish`.
   * @returns {{sdp: string, tracks: object[]}|null} the publish request for `JoinRequest.publish`, or null
   */
  take() {
    this.#open = false;
    return this.#held?.request ?? null;
  }

  /**
   * `Join` was answered: once `ready` resolves, the offer sent with it gets the answer from the response (or its
   * refusal; a server that did not take it gets it as `Publish`), and a later offer goes as `Publish`. Receiving
   * comes first: the client makes `ready` wait (a little) for its subscriber connection, so that this page's own
   * ICE, DTLS and encoding do not compete with getting the first picture of the others.
   * @param {{publish?: {sdp: string, trackIds: Record<string, string>}|null, publishError?: string|null}} response
   * @param {Promise<void>} [ready] when to go on publishing (at once by default)
   */
  joined(response, ready = Promise.resolve()) {
    this.#open = false;
    this.#settle.resolve(ready);
    const held = this.#held;
    this.#held = null;
    if (!held) {
      return;
    }
    ready.then(() => {
      if (response.publish) {
        held.resolve(response.publish);
      } else if (response.publishError) {
        held.reject(new Error(`Publish: ${response.publishError}`));
      } else {
        this.#invoke('Publish', held.request).then(held.resolve, held.reject);
      }
    });
  }

  /**
   * The join failed (or was given up): the offer fails with it.
   * @param {Error} error
   */
  failed(error) {
    this.#open = false;
    this.#settle.reject(error);
    const held = this.#held;
    this.#held = null;
    held?.reject(error);
  }
}
