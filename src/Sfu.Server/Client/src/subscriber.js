import { SerialQueue } from './serial-queue.js';

/**
 * A remote track this client receives: which subscriber m-section carries it and the media itself.
 * @typedef {object} Subscription
 * @property {string} mid the subscriber connection's m-section
 * @property {string} trackId the server's id of the track
 * @property {string} participantId who publishes it
 * @property {'audio'|'video'} kind
 * @property {string} source camera, microphone, screen, screen-audio or unknown
 * @property {MediaStreamTrack} track the receiver's track: the same object for every track its m-section carries in turn
 *   (the server reuses an inactive m-section for the next track of its kind)
 * @property {MediaStream} stream a new stream holding just this track
 * @property {RTCRtpTransceiver} transceiver
 */

/**
 * The subscriber RTCPeerConnection: the server offers (`SubscriberOffer`), this client answers (`SubscriberAnswer`).
 * Offers are applied one at a time in the order they arrive. After each offer the m-sections are matched to
 * the remote tracks the offer lists by mid: a mid that now carries another track (or none) ends the old
 * subscription, a mid that carries a new track starts one. The server reuses the m-section of a track that went for
 * the next track of the same kind (same mid, new SSRCs and msid), so one mid carries many tracks over time, each its
 * own subscription. Tracks the roster knows are gone (an offer older than their unpublishing) are not subscribed.
 */
export class Subscriber {
  #queue = new SerialQueue();
  #invoke;
  #events;

  /**
   * @param {RTCConfiguration} configuration
   * @param {(method: string, ...args: any[]) => Promise<any>} invoke calls a hub method
   * @param {{subscribed: (s: Subscription) => void, unsubscribed: (s: Subscription) => void,
   *   isGone: (participantId: string, trackId: string) => boolean, error: (e: Error) => void}} events
   */
  constructor(configuration, invoke, events) {
    /** @type {RTCPeerConnection} */
    this.pc = new RTCPeerConnection(configuration);
    /** @type {Map<string, Subscription>} mid → subscription */
    this.subscriptions = new Map();
    /** @type {number} the version of the last offer answered */
    this.version = -1;
    this.#invoke = invoke;
    this.#events = events;
  }

  /**
   * Applies a server offer and answers it. Queued behind the previous offer.
   * @param {{version: number, sdp: string, tracks: Array<{mid: string, trackId: string, participantId: string, kind: string, source: string}>}} offer
   * @returns {Promise<void>}
   */
  handleOffer(offer) {
    return this.#queue.run(async () => {
      const pc = this.pc;
      if (pc.signalingState === 'closed') {
        return;
      }
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      this.version = offer.version;
      this.#match(offer.tracks ?? []);
      await this.#invoke('SubscriberAnswer', { version: offer.version, sdp: pc.localDescription.sdp });
    });
  }

  /**
   * Ends the subscriptions of the given tracks now, without waiting for the server's next offer
   * (which will make their m-sections inactive).
   * @param {(s: Subscription) => boolean} predicate
   */
  drop(predicate) {
    for (const [mid, s] of [...this.subscriptions]) {
      if (predicate(s)) {
        this.subscriptions.delete(mid);
        this.#events.unsubscribed(s);
      }
    }
  }

  /** Ends every subscription and closes the peer connection. */
  close() {
    this.drop(() => true);
    this.pc.close();
  }

  #match(tracks) {
    /** @type {Map<string, any>} */
    const wanted = new Map();
    for (const t of tracks) {
      if (!this.#events.isGone(t.participantId, t.trackId)) {
        wanted.set(t.mid, t);
      }
    }
    this.drop((s) => wanted.get(s.mid)?.trackId !== s.trackId);

    const byMid = new Map();
    for (const tr of this.pc.getTransceivers()) {
      if (tr.mid !== null) {
        byMid.set(tr.mid, tr);
      }
    }
    for (const [mid, t] of wanted) {
      if (this.subscriptions.has(mid)) {
        continue;
      }
      const transceiver = byMid.get(mid);
      if (!transceiver) {
        this.#events.error(new Error(`The subscriber offer lists mid ${mid} for track ${t.trackId}, but has no such m-section.`));
        continue;
      }
      const track = transceiver.receiver.track;
      /** @type {Subscription} */
      const s = {
        mid,
        trackId: t.trackId,
        participantId: t.participantId,
        kind: t.kind,
        source: t.source,
        track,
        stream: new MediaStream([track]),
        transceiver,
      };
      this.subscriptions.set(mid, s);
      this.#events.subscribed(s);
    }
  }
}
