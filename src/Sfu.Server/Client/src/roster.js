/** How many unpublished track ids a roster remembers (an offer older than that many unpublishes is long answered). */
const GONE_TRACKS = 1000;

/**
 * A track another participant publishes.
 * @typedef {object} RemoteTrack
 * @property {string} trackId
 * @property {string} participantId
 * @property {'audio'|'video'} kind
 * @property {string} source camera, microphone, screen, screen-audio or unknown
 * @property {boolean} muted the publisher muted it
 * @property {string|undefined} name
 * @property {number|undefined} width
 * @property {number|undefined} height
 * @property {boolean} simulcast
 * @property {import('./subscriber.js').Subscription|null} subscription set while this client receives it
 */

/**
 * Another participant of the room.
 * @typedef {object} RemoteParticipant
 * @property {string} participantId
 * @property {string} name
 * @property {string|null} metadata
 * @property {Map<string, RemoteTrack>} tracks by trackId
 * @property {boolean} reconnecting its signaling connection dropped and the server keeps it for its grace period:
 *   its media may be frozen until it resumes (`participantResumed`) or leaves (`participantLeft`)
 */

/**
 * Who else is in the room and what they publish, kept from the hub's events; it turns them into the client's events.
 * Participants that left, and tracks that were unpublished, are remembered so that a subscriber offer racing with
 * their departure does not bring them back. A subscription of a participant not known yet (the server sends the first subscriber offer
 * before the Join or Resume result that lists the participants) waits until the participant is known, so
 * `trackSubscribed` always comes after that participant's `participantJoined`.
 */
export class Roster {
  /** @type {Map<string, RemoteParticipant>} */
  participants = new Map();
  #gone = new Set();
  /** @type {Set<string>} unpublished track ids (track ids are never reused), the most recent {@link GONE_TRACKS} */
  #goneTracks = new Set();
  /** @type {Map<string, import('./subscriber.js').Subscription[]>} subscriptions of participants not known yet */
  #waiting = new Map();
  #emit;
  #drop;

  /**
   * @param {(type: string, detail: object) => void} emit
   * @param {(predicate: (s: import('./subscriber.js').Subscription) => boolean) => void} drop ends subscriptions now
   */
  constructor(emit, drop) {
    this.#emit = emit;
    this.#drop = drop;
  }

  /**
   * @param {string} participantId
   * @param {string} [trackId]
   * @returns {boolean} the participant left, or the track was unpublished
   */
  isGone(participantId, trackId) {
    return this.#gone.has(participantId) || (trackId !== undefined && this.#goneTracks.has(trackId));
  }

  /**
   * Replaces the roster with the server's list (after Join or Resume), emitting what changed.
   * @param {Array<{participantId: string, name: string, metadata?: string|null, tracks?: any[], reconnecting?: boolean}>} list
   * @param {string} selfId
   */
  apply(list, selfId) {
    const present = new Set();
    for (const info of list) {
      if (info.participantId === selfId) continue;
      present.add(info.participantId);
      this.add(info, true);
      const p = this.participants.get(info.participantId);
      const trackIds = new Set((info.tracks ?? []).map((t) => t.trackId));
      for (const trackId of [...p.tracks.keys()]) {
        if (!trackIds.has(trackId)) this.removeTrack(p.participantId, trackId);
      }
    }
    for (const id of [...this.participants.keys()]) {
      if (!present.has(id)) this.remove(id, 'left');
    }
  }

  /**
   * @param {{participantId: string, name: string, metadata?: string|null, tracks?: any[], reconnecting?: boolean}} info
   * @param {boolean} existing true for participants that were there before this client joined
   */
  add(info, existing) {
    let p = this.participants.get(info.participantId);
    if (!p) {
      this.#gone.delete(info.participantId);
      p = { participantId: info.participantId, name: info.name, metadata: info.metadata ?? null, tracks: new Map(), reconnecting: !!info.reconnecting };
      this.participants.set(p.participantId, p);
      this.#emit('participantJoined', { participant: p, participantId: p.participantId, name: p.name, existing, reconnecting: p.reconnecting });
    } else {
      p.name = info.name;
      p.metadata = info.metadata ?? null;
      this.setReconnecting(p.participantId, !!info.reconnecting);
    }
    for (const t of info.tracks ?? []) {
      this.addTrack(p.participantId, t);
    }
    const waiting = this.#waiting.get(p.participantId);
    if (waiting) {
      this.#waiting.delete(p.participantId);
      waiting.forEach((s) => this.subscribed(s));
    }
  }

  /**
   * Marks a participant as reconnecting (its signaling connection dropped; the server keeps it for its grace period)
   * or back; emits `participantReconnecting` or `participantResumed` when that changes.
   * @param {string} participantId
   * @param {boolean} reconnecting
   */
  setReconnecting(participantId, reconnecting) {
    const p = this.participants.get(participantId);
    if (!p || p.reconnecting === reconnecting) return;
    p.reconnecting = reconnecting;
    this.#emit(reconnecting ? 'participantReconnecting' : 'participantResumed', { participantId, participant: p });
  }

  /**
   * @param {string} participantId
   * @param {string} reason
   */
  remove(participantId, reason) {
    const p = this.participants.get(participantId);
    this.#gone.add(participantId);
    this.#drop((s) => s.participantId === participantId);
    this.#waiting.delete(participantId);
    if (!p) return;
    this.participants.delete(participantId);
    this.#emit('participantLeft', { participantId, participant: p, reason });
  }

  /**
   * @param {string} participantId
   * @param {{trackId: string, kind: string, source: string, muted?: boolean, name?: string, width?: number, height?: number, simulcast?: boolean}} info
   */
  addTrack(participantId, info) {
    const p = this.participants.get(participantId);
    if (!p) return;
    const known = p.tracks.get(info.trackId);
    if (known) {
      if (!!info.muted !== known.muted) this.setMuted(participantId, info.trackId, !!info.muted);
      return;
    }
    /** @type {RemoteTrack} */
    const t = {
      trackId: info.trackId,
      participantId,
      kind: /** @type {'audio'|'video'} */ (info.kind),
      source: info.source,
      muted: !!info.muted,
      name: info.name ?? undefined,
      width: info.width ?? undefined,
      height: info.height ?? undefined,
      simulcast: !!info.simulcast,
      subscription: null,
    };
    p.tracks.set(t.trackId, t);
    this.#emit('trackPublished', { ...trackDetail(t), remoteTrack: t, participant: p });
  }

  /**
   * @param {string} participantId
   * @param {string} trackId
   */
  removeTrack(participantId, trackId) {
    this.#goneTracks.add(trackId);
    if (this.#goneTracks.size > GONE_TRACKS) {
      this.#goneTracks.delete(this.#goneTracks.values().next().value);
    }
    this.#drop((s) => s.trackId === trackId);
    const p = this.participants.get(participantId);
    const t = p?.tracks.get(trackId);
    if (!t) return;
    p.tracks.delete(trackId);
    this.#emit('trackUnpublished', { ...trackDetail(t), remoteTrack: t, participant: p });
  }

  /**
   * @param {string} participantId
   * @param {string} trackId
   * @param {boolean} muted
   */
  setMuted(participantId, trackId, muted) {
    const p = this.participants.get(participantId);
    const t = p?.tracks.get(trackId);
    if (!t) return;
    t.muted = !!muted;
    this.#emit('trackMuted', { ...trackDetail(t), remoteTrack: t, participant: p });
  }

  /** @param {import('./subscriber.js').Subscription} s */
  subscribed(s) {
    const p = this.participants.get(s.participantId);
    if (!p) {
      const list = this.#waiting.get(s.participantId) ?? [];
      list.push(s);
      this.#waiting.set(s.participantId, list);
      return;
    }
    let t = p.tracks.get(s.trackId);
    if (!t) {
      this.addTrack(s.participantId, { trackId: s.trackId, kind: s.kind, source: s.source });
      t = p.tracks.get(s.trackId);
    }
    if (t) t.subscription = s;
    this.#emit('trackSubscribed', subscriptionDetail(s, t, p));
  }

  /** @param {import('./subscriber.js').Subscription} s */
  unsubscribed(s) {
    const waiting = this.#waiting.get(s.participantId);
    if (waiting?.includes(s)) {
      waiting.splice(waiting.indexOf(s), 1);
      return;
    }
    const p = this.participants.get(s.participantId);
    const t = p?.tracks.get(s.trackId);
    if (t && t.subscription === s) t.subscription = null;
    this.#emit('trackUnsubscribed', subscriptionDetail(s, t, p));
  }

  /**
   * Everyone leaves (this client left or lost the session).
   * @param {string} reason
   */
  clear(reason) {
    for (const id of [...this.participants.keys()]) {
      this.remove(id, reason);
    }
    this.#gone.clear();
    this.#goneTracks.clear();
    this.#waiting.clear();
  }
}

function trackDetail(t) {
  return { participantId: t.participantId, trackId: t.trackId, kind: t.kind, source: t.source, muted: t.muted };
}

function subscriptionDetail(s, t, p) {
  return {
    participantId: s.participantId,
    trackId: s.trackId,
    kind: s.kind,
    source: s.source,
    muted: t?.muted ?? false,
    track: s.track,
    stream: s.stream,
    mid: s.mid,
    remoteTrack: t,
    participant: p,
  };
}
