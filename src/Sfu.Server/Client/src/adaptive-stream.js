/** How long an element's size or visibility must settle before a preference is sent. */
export const ADAPTIVE_DEBOUNCE_MS = 300;

/** The largest size a preference may name (the server's limit). */
const MAX_SIZE = 16384;

/**
 * @typedef {object} SentPreference what the server was last told about a track (null fields: not sent)
 * @property {boolean|null} paused
 * @property {number|null} maxWidth
 * @property {number|null} maxHeight
 */

/**
 * @typedef {object} TrackPreferenceState
 * @property {Set<HTMLElement>} elements the elements showing the track
 * @property {ReturnType<typeof setTimeout>|null} timer the pending debounced evaluation
 * @property {SentPreference|null} sent the automatic preference last sent (null: unknown, send everything next time)
 * @property {boolean} manual a manual preference overrides the automatic one
 * @property {object|null} manualPreference the last manual preference
 */

/**
 * Automatic subscription preferences from the elements that show remote video tracks ("adaptive stream"):
 * a ResizeObserver and an IntersectionObserver watch each attached element; after its size or visibility has
 * settled for ADAPTIVE_DEBOUNCE_MS, the track's preference becomes `{maxWidth, maxHeight}` = the largest visible
 * element's size in device pixels, or `{paused: true}` when no element showing it is visible (outside the viewport,
 * zero size, or the page hidden). Only changes are sent. A manual preference overrides this for its track until
 * cleared.
 */
export class AdaptiveStream {
  /** @type {Map<string, TrackPreferenceState>} trackId → state */
  #tracks = new Map();
  /** @type {Map<HTMLElement, {trackId: string, width: number, height: number, intersecting: boolean}>} */
  #elements = new Map();
  /** @type {ResizeObserver|null} */
  #resize = null;
  /** @type {IntersectionObserver|null} */
  #intersection = null;
  #onVisibility = () => this.refresh();
  #enabled;
  #send;
  #isSubscribed;
  #error;

  /**
   * @param {{enabled: boolean, send: (trackId: string, preference: object) => Promise<void>,
   *   isSubscribed: (trackId: string) => boolean, error: (e: Error) => void}} options
   *   enabled: watch elements at all; send: calls SetSubscriptionPreference; isSubscribed: the track is received
   *   now; error: a failed automatic preference for a track still received
   */
  constructor({ enabled, send, isSubscribed, error }) {
    this.#enabled = enabled && typeof ResizeObserver !== 'undefined' && typeof IntersectionObserver !== 'undefined';
    this.#send = send;
    this.#isSubscribed = isSubscribed;
    this.#error = error;
  }

  /** @returns {boolean} whether elements are watched (the option is on and the browser has the observers) */
  get enabled() {
    return this.#enabled;
  }

  /**
   * Starts watching an element that shows a remote video track. An element shows one track at a time: attaching
   * it to another track detaches it from the previous one.
   * @param {string} trackId
   * @param {HTMLElement} element
   */
  attach(trackId, element) {
    if (!this.#enabled || !trackId || !element) {
      return;
    }
    const current = this.#elements.get(element);
    if (current?.trackId === trackId) {
      return;
    }
    if (current) {
      this.detach(current.trackId, element);
    }
    const rect = element.getBoundingClientRect();
    this.#elements.set(element, { trackId, width: rect.width, height: rect.height, intersecting: true });
    this.#state(trackId).elements.add(element);
    this.#observers();
    this.#resize.observe(element);
    this.#intersection.observe(element);
    this.#schedule(trackId);
  }

  /**
   * Stops watching an element (all of the track's elements when none is given). The last preference sent stays.
   * @param {string} trackId
   * @param {HTMLElement} [element]
   */
  detach(trackId, element) {
    const state = this.#tracks.get(trackId);
    if (!state) {
      return;
    }
    for (const el of element ? [element] : [...state.elements]) {
      if (!state.elements.delete(el)) continue;
      this.#elements.delete(el);
      this.#resize?.unobserve(el);
      this.#intersection?.unobserve(el);
    }
    if (state.elements.size === 0) {
      this.#cancel(state);
      if (!state.manual) this.#tracks.delete(trackId);
    }
  }

  /**
   * A manual preference is being sent for a track: the automatic one stops for it until `clearManual`.
   * @param {string} trackId
   * @param {object} preference
   * @returns {() => void} undoes this (the manual preference was refused)
   */
  setManual(trackId, preference) {
    const state = this.#state(trackId);
    const before = { manual: state.manual, manualPreference: state.manualPreference, sent: state.sent };
    this.#cancel(state);
    state.manual = true;
    const mine = { ...preference };
    state.manualPreference = mine;
    state.sent = null;
    return () => {
      if (this.#tracks.get(trackId) !== state || state.manualPreference !== mine) return; // a later call replaced it
      Object.assign(state, before);
      if (!state.manual && state.elements.size === 0) this.#tracks.delete(trackId);
      this.#schedule(trackId);
    };
  }

  /**
   * Ends a track's manual preference. With an attached element, its automatic preference is sent at once
   * (everything, replacing the manual limits); otherwise the server is told to drop every limit and resume.
   * @param {string} trackId
   * @returns {Promise<void>}
   */
  async clearManual(trackId) {
    const state = this.#tracks.get(trackId);
    if (state) {
      state.manual = false;
      state.manualPreference = null;
      state.sent = null;
    }
    if (state && state.elements.size > 0) {
      await this.#evaluate(trackId, true);
      return;
    }
    if (state) this.#tracks.delete(trackId);
    if (this.#isSubscribed(trackId)) {
      await this.#send(trackId, { paused: false, maxSpatialLayer: 2 });
    }
  }

  /**
   * A track started being received: what the server holds for it is unknown, so the next evaluation sends the
   * whole preference.
   * @param {string} trackId
   */
  subscribed(trackId) {
    const state = this.#tracks.get(trackId);
    if (state) {
      state.sent = null;
      this.#schedule(trackId);
    }
  }

  /**
   * A track is no longer received: nothing more is sent for it. Its elements stay watched (for a later subscription
   * of the same track); without any, it is forgotten.
   * @param {string} trackId
   */
  unsubscribed(trackId) {
    const state = this.#tracks.get(trackId);
    if (state) {
      this.#cancel(state);
      state.sent = null;
      if (state.elements.size === 0) this.#tracks.delete(trackId);
    }
  }

  /** Evaluates every watched track again (after the page's visibility changed, or a reconnect). */
  refresh() {
    for (const trackId of this.#tracks.keys()) {
      this.#schedule(trackId);
    }
  }

  /**
   * What this client asked the server for, per track: `{manual, preference}` (the manual preference, or the
   * automatic one last sent; null when nothing was sent since the track was received).
   * @returns {Map<string, {manual: boolean, preference: object|null, elements: number}>}
   */
  snapshot() {
    const out = new Map();
    for (const [trackId, s] of this.#tracks) {
      out.set(trackId, { manual: s.manual, preference: s.manual ? { ...s.manualPreference } : s.sent && { ...s.sent }, elements: s.elements.size });
    }
    return out;
  }

  /** Stops watching everything (the session ended). */
  close() {
    for (const state of this.#tracks.values()) this.#cancel(state);
    this.#tracks.clear();
    this.#elements.clear();
    this.#resize?.disconnect();
    this.#intersection?.disconnect();
    this.#resize = null;
    this.#intersection = null;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** @returns {TrackPreferenceState} */
  #state(trackId) {
    let state = this.#tracks.get(trackId);
    if (!state) {
      state = { elements: new Set(), timer: null, sent: null, manual: false, manualPreference: null };
      this.#tracks.set(trackId, state);
    }
    return state;
  }

  #observers() {
    if (this.#resize) {
      return;
    }
    this.#resize = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const e = this.#elements.get(/** @type {HTMLElement} */ (entry.target));
        if (!e) continue;
        e.width = entry.contentRect.width;
        e.height = entry.contentRect.height;
        this.#schedule(e.trackId);
      }
    });
    this.#intersection = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const e = this.#elements.get(/** @type {HTMLElement} */ (entry.target));
        if (!e) continue;
        e.intersecting = entry.isIntersecting;
        this.#schedule(e.trackId);
      }
    });
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  #schedule(trackId) {
    const state = this.#tracks.get(trackId);
    if (!state || state.manual || state.elements.size === 0) {
      return;
    }
    this.#cancel(state);
    state.timer = setTimeout(() => {
      state.timer = null;
      this.#evaluate(trackId, false);
    }, ADAPTIVE_DEBOUNCE_MS);
  }

  #cancel(state) {
    if (state.timer !== null) {
      clearTimeout(state.timer);
      state.timer = null;
    }
  }

  /** Sends what changed in the track's automatic preference; `rethrow`: a failure rejects instead of being reported. */
  async #evaluate(trackId, rethrow) {
    const state = this.#tracks.get(trackId);
    if (!state || state.manual || state.elements.size === 0 || !this.#isSubscribed(trackId)) {
      return;
    }
    const pageVisible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    let width = 0;
    let height = 0;
    for (const el of state.elements) {
      const e = this.#elements.get(el);
      if (e && pageVisible && e.intersecting && e.width > 0 && e.height > 0) {
        width = Math.max(width, e.width);
        height = Math.max(height, e.height);
      }
    }
    const paused = width === 0;
    const ratio = (typeof window !== 'undefined' && window.devicePixelRatio) || 1;
    const maxWidth = paused ? null : clampSize(width * ratio);
    const maxHeight = paused ? null : clampSize(height * ratio);

    const sent = state.sent;
    /** @type {{paused?: boolean, maxWidth?: number, maxHeight?: number}} */
    const preference = {};
    if (sent?.paused !== paused) preference.paused = paused;
    if (!paused && (sent?.maxWidth !== maxWidth || sent?.maxHeight !== maxHeight)) {
      preference.maxWidth = maxWidth;
      preference.maxHeight = maxHeight;
    }
    if (Object.keys(preference).length === 0) {
      return;
    }
    state.sent = {
      paused,
      maxWidth: paused ? sent?.maxWidth ?? null : maxWidth,
      maxHeight: paused ? sent?.maxHeight ?? null : maxHeight,
    };
    try {
      await this.#send(trackId, preference);
    } catch (e) {
      if (this.#tracks.get(trackId) === state && !state.manual) {
        state.sent = null; // unknown again: the next evaluation (a change, a reconnect) sends everything
      }
      if (rethrow) throw e;
      if (this.#isSubscribed(trackId)) this.#error(e);
    }
  }
}

function clampSize(value) {
  return Math.min(MAX_SIZE, Math.max(1, Math.round(value)));
}
