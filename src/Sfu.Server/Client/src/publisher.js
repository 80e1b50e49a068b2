import { SerialQueue } from './serial-queue.js';

/**
 * Simulcast encodings of a camera, HIGHEST FIRST (the order Chromium writes in `a=simulcast`, which the server takes
 * as the layer order until it sees the layers' frame sizes): full, half and quarter resolution.
 */
export const SIMULCAST_ENCODINGS = Object.freeze([
  Object.freeze({ rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 }),
  Object.freeze({ rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 }),
  Object.freeze({ rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 }),
]);

/** Track sources as the server knows them (`Sfu.Signaling.Contracts.TrackSources`). */
export const TrackSource = Object.freeze({
  Camera: 'camera',
  Microphone: 'microphone',
  ScreenShare: 'screen',
  ScreenShareAudio: 'screen-audio',
  Unknown: 'unknown',
});

const SOURCES = Object.values(TrackSource);

/**
 * A track this client sends.
 * `trackId` is the id the server gave it (null until the server has accepted it).
 */
export class LocalTrack {
  /**
   * @param {MediaStreamTrack} track
   * @param {{source: string, name?: string, simulcast?: boolean, stream?: MediaStream}} options simulcast: send three
   *   layers; by default on for camera video, off for other video; never for a screen or audio
   */
  constructor(track, options) {
    /** @type {MediaStreamTrack} */
    this.track = track;
    /** @type {'audio'|'video'} */
    this.kind = /** @type {'audio'|'video'} */ (track.kind);
    /** @type {string} camera, microphone, screen, screen-audio or unknown */
    this.source = options.source;
    /** @type {string|undefined} */
    this.name = options.name;
    /** @type {boolean} sent as three simulcast layers */
    this.simulcast = track.kind === 'video' && options.source !== 'screen' && (options.simulcast ?? options.source === 'camera');
    /** @type {MediaStream} a stream holding just this track, for a local preview */
    this.stream = options.stream ?? new MediaStream([track]);
    /** @type {string|null} the server's id for this track */
    this.trackId = null;
    /** @type {string|null} the publisher connection's m-section */
    this.mid = null;
    /** @type {boolean} */
    this.muted = !track.enabled;
    /** @type {RTCRtpTransceiver|null} */
    this.transceiver = null;
  }
}

/**
 * Sends a publisher offer to the server and resolves with its answer: `Publish` by default.
 * @typedef {(request: {sdp: string, tracks: object[]}) => Promise<{sdp: string, trackIds: Record<string, string>}>} PublishSender
 */

/**
 * The publisher RTCPeerConnection: this client offers, the server answers (`Publish`).
 * Every add or remove of tracks renegotiates; negotiations run one at a time, and a negotiation
 * requested while another one waits in line joins the waiting one.
 */
export class Publisher {
  #queue = new SerialQueue();
  #waiting = null;
  #invoke;

  /**
   * @param {RTCConfiguration} configuration
   * @param {(method: string, ...args: any[]) => Promise<any>} invoke calls a hub method
   */
  constructor(configuration, invoke) {
    /** @type {RTCPeerConnection} */
    this.pc = new RTCPeerConnection(configuration);
    /** @type {LocalTrack[]} tracks being sent, in the order they were added */
    this.tracks = [];
    /** @type {boolean} the connection carries the room data channels (data.js): negotiate even without tracks */
    this.dataChannels = false;
    this.#invoke = invoke;
  }

  /**
   * The tracks a target names: a LocalTrack, an array of them, a MediaStreamTrack, a kind ('audio', 'video'),
   * a source (TrackSource) or a trackId.
   * @param {LocalTrack|LocalTrack[]|MediaStreamTrack|string} target
   * @returns {LocalTrack[]}
   */
  select(target) {
    const tracks = this.tracks;
    if (Array.isArray(target)) return tracks.filter((t) => target.includes(t));
    if (target instanceof LocalTrack) return tracks.filter((t) => t === target);
    if (typeof MediaStreamTrack !== 'undefined' && target instanceof MediaStreamTrack) return tracks.filter((t) => t.track === target);
    if (target === 'audio' || target === 'video') return tracks.filter((t) => t.kind === target);
    if (SOURCES.includes(target)) return tracks.filter((t) => t.source === target);
    return tracks.filter((t) => t.trackId === target);
  }

  /**
   * Adds a sending transceiver for each track and negotiates once for all of them.
   * @param {LocalTrack[]} localTracks
   * @param {PublishSender} [send] how the offer reaches the server (`Publish` by default; joining hands it to `Join`)
   * @returns {Promise<LocalTrack[]>} the tracks the server accepted (they have a trackId)
   */
  async add(localTracks, send) {
    for (const t of localTracks) {
      /** @type {RTCRtpTransceiverInit} */
      const init = { direction: 'sendonly', streams: [t.stream] };
      if (t.simulcast) {
        init.sendEncodings = SIMULCAST_ENCODINGS.map((e) => ({ ...e }));
      }
      t.transceiver = this.pc.addTransceiver(t.track, init);
      this.tracks.push(t);
    }
    try {
      await this.negotiate({ send });
    } catch (e) {
      this.#detach(localTracks);
      throw e;
    }
    const refused = localTracks.filter((t) => !t.trackId);
    if (refused.length > 0) {
      this.#detach(refused);
      const what = refused.map((t) => `${t.source} (${t.kind})`).join(', ');
      throw new Error(`The server did not accept ${what}.`);
    }
    return localTracks;
  }

  /**
   * Stops sending the tracks (their m-sections become inactive) and negotiates, so the server unpublishes them.
   * @param {LocalTrack[]} localTracks
   */
  async remove(localTracks) {
    const mine = localTracks.filter((t) => this.tracks.includes(t));
    if (mine.length === 0) {
      return;
    }
    this.#detach(mine);
    await this.negotiate();
  }

  /**
   * Sends a new offer and applies the server's answer.
   * @param {{iceRestart?: boolean, send?: PublishSender}} [options] iceRestart: new ICE credentials (after a
   *   reconnect); send: how the offer reaches the server, `Publish` by default (a negotiation that joins one already
   *   waiting in line goes the waiting one's way)
   * @returns {Promise<void>}
   */
  negotiate(options = {}) {
    if (this.#waiting) {
      this.#waiting.iceRestart ||= !!options.iceRestart;
      return this.#waiting.done;
    }
    const job = { iceRestart: !!options.iceRestart, send: options.send, done: null };
    job.done = this.#queue.run(() => {
      this.#waiting = null;
      return this.#negotiateNow(job.iceRestart, job.send);
    });
    this.#waiting = job;
    return job.done;
  }

  /**
   * Closes the peer connection and stops the local tracks.
   * @param {{stopTracks?: boolean}} [options] stopTracks: false keeps the captured tracks running (to publish them
   *   again on another connection); default true
   */
  close({ stopTracks = true } = {}) {
    for (const t of this.tracks) {
      if (stopTracks) t.track.stop();
    }
    this.tracks = [];
    this.pc.close();
  }

  async #negotiateNow(iceRestart, send) {
    const pc = this.pc;
    if (pc.signalingState === 'closed' || (pc.getTransceivers().length === 0 && !this.dataChannels)) {
      return;
    }
    const offer = await pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
    await pc.setLocalDescription(offer);
    const tracks = [];
    for (const t of this.tracks) {
      t.mid = t.transceiver?.mid ?? null;
      if (t.mid !== null) {
        tracks.push(describe(t));
      }
    }
    let response;
    try {
      const request = { sdp: pc.localDescription.sdp, tracks };
      response = await (send ? send(request) : this.#invoke('Publish', request));
    } catch (e) {
      if (pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
      }
      throw e;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: response.sdp });
    const ids = response.trackIds ?? {};
    for (const t of this.tracks) {
      if (t.mid !== null && ids[t.mid]) {
        t.trackId = ids[t.mid];
      }
    }
  }

  #detach(localTracks) {
    for (const t of localTracks) {
      const tr = t.transceiver;
      if (tr && !tr.stopped && this.pc.signalingState !== 'closed') {
        tr.sender.replaceTrack(null).catch(() => {});
        tr.direction = 'inactive';
      }
      const i = this.tracks.indexOf(t);
      if (i >= 0) {
        this.tracks.splice(i, 1);
      }
    }
  }
}

function describe(t) {
  /** @type {{mid: string, kind: string, source: string, name?: string, width?: number, height?: number}} */
  const info = { mid: t.mid, kind: t.kind, source: t.source };
  if (t.name) {
    info.name = t.name;
  }
  if (t.kind === 'video') {
    const s = t.track.getSettings();
    if (s.width) info.width = s.width;
    if (s.height) info.height = s.height;
  }
  return info;
}
