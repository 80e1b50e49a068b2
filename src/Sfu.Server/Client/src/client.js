import { HubConnectionState, LogLevel } from '@microsoft/signalr';
import { createHubConnection, messageOf } from './hub-connection.js';
import { LocalTrack, Publisher } from './publisher.js';
import { Subscriber } from './subscriber.js';
import { Roster } from './roster.js';
import { AdaptiveStream } from './adaptive-stream.js';
import { JoinTimings } from './join-timings.js';
import { JoinOffer, receiving } from './join-offer.js';
import { RoomData } from './data.js';
import { nextHop } from './redirect.js';
import { DEFAULT_MOVE_WINDOW_MS, moveFailedReason, readMove, rejoinAfterMove } from './move.js';
import { rtcIceServers } from './ice-servers.js';

const DEFAULT_VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/**
 * @typedef {object} SfuClientOptions
 * @property {string} [url] the room hub, `/hubs/room` by default
 * @property {number} [reconnectWindowMs] how long to keep trying to reconnect after the hub connection drops;
 *   15000 by default, the server's grace period (`Sfu:Rooms:ReconnectGraceSeconds`)
 * @property {boolean} [skipNegotiation] connect the WebSocket straight away, without SignalR's negotiate request (default true)
 * @property {number} [logLevel] SignalR's log level (`LogLevel` of @microsoft/signalr), Warning by default
 * @property {RTCConfiguration} [rtcConfiguration] extra RTCPeerConnection settings; the server's ICE servers are added
 * @property {string|(() => string|Promise<string>)} [token] the join token (a JWT for the room), sent as the SignalR
 *   access token (`access_token` on the WebSocket URL) whenever the hub connection opens; `join(..., {token})` sets it too
 * @property {boolean} [adaptiveStream] send each remote video track's preference from the elements attached to it with
 *   `attachVideo` (their size in device pixels; paused while none is visible); default true
 * @property {boolean} [data] open the room data channels as soon as the room is joined, so `data` events arrive
 *   (default false: `sendData` or `enableData` opens them)
 * @property {boolean} [leaveOnPageHide] leave the room when the page goes away (`pagehide`: tab closed, navigated
 *   away): `Leave` is sent without waiting and both peer connections are closed at once, so the server removes this
 *   participant at once instead of keeping it for its reconnect grace period; default true (read when the page goes
 *   away, so it may be changed on `client.options` at any time)
 * @property {number} [moveWindowMs] how long to keep trying to rejoin after the server said to move (it drains);
 *   30000 by default
 */

/**
 * Connection states, as `connectionStateChanged` reports them.
 * @typedef {'connecting'|'connected'|'reconnecting'|'disconnected'} ConnectionState
 */

/**
 * A client of the Sfu room hub. Join a room, publish camera, microphone and screen, receive the others' tracks.
 *
 * Events (an EventTarget: `addEventListener(type, e => e.detail)`, or `on(type, detail => ...)`):
 * `connectionStateChanged` {state, previous}; `joined` {participantId, room};
 * `participantJoined` {participant, existing, reconnecting}; `participantLeft` {participantId, participant, reason};
 * `participantReconnecting`, `participantResumed` {participantId, participant} (another participant's signaling
 * connection dropped, and it came back: its media may be frozen meanwhile; `participant.reconnecting` says which);
 * `trackPublished`, `trackUnpublished`, `trackMuted` {participantId, trackId, kind, source, muted};
 * `trackSubscribed`, `trackUnsubscribed` {participantId, trackId, kind, source, track, stream, mid, muted, participant};
 * `trackUnavailable` {trackId, reason}; `localTrackPublished`, `localTrackUnpublished`, `localTrackMuted` {localTrack};
 * `activeSpeakersChanged` {speakers: [{participantId, level, local}]} (loudest first; level a 0-1 linear amplitude);
 * `resumed` {participantId}; `disconnected` {reason}; `error` {error, context};
 * `moving` {reason, url, retryAfterMs} (the server drains: this client rejoins on its own), `moved` {participantId, room, reason, url};
 * `data` {sender, participant, topic, payload, reliable}; `dataRefused` {reason, message} (data.js).
 */
export class SfuClient extends EventTarget {
  /** @type {import('@microsoft/signalr').HubConnection|null} */
  #hub = null;
  /** @type {Publisher|null} */
  #publisher = null;
  /** @type {Subscriber|null} */
  #subscriber = null;
  /** @type {RoomData|null} */
  #data = null;
  #roster;
  /** @type {AdaptiveStream} */
  #adaptive;
  #timings = new JoinTimings();
  /** @type {string|null} the hub this client is connected to when a cluster sent it to another node than `options.url` */
  #hubUrl = null;
  /** @type {string|null} the metadata of the last join, for rejoining after a move */
  #joinMetadata = null;
  /** @type {string|null} the token the hub connection last opened with */
  #lastToken = null;
  /** @type {string|null} while moving: the token to rejoin with */
  #heldToken = null;
  /** @type {{reason: string}|null} the move in progress */
  #moving = null;
  /** @type {{value: string|null, promise: Promise<string>}|null} the token of the join in progress (sent with Join) */
  #joinToken = null;
  /**
   * Resolved once the join's answer named the ICE (TURN) servers: a subscriber offer that comes before it (the server
   * sends it as soon as the participant is in) is answered only then, so that its candidates include the relays.
   * @type {{promise: Promise<void>, resolve: () => void}|null}
   */
  #iceServersKnown = null;

  /** @param {SfuClientOptions} [options] */
  constructor(options = {}) {
    super();
    /** @type {Required<Omit<SfuClientOptions, 'rtcConfiguration'>> & {rtcConfiguration?: RTCConfiguration}} */
    this.options = { url: '/hubs/room', reconnectWindowMs: 15000, skipNegotiation: true, logLevel: LogLevel.Warning, adaptiveStream: true, leaveOnPageHide: true, moveWindowMs: DEFAULT_MOVE_WINDOW_MS, ...options };
    /** @type {string|null} this client's participant id in the room */
    this.participantId = null;
    /** @type {string|null} */
    this.room = null;
    /** @type {string|null} */
    this.name = null;
    /** @type {string|null} the secret `Resume` needs after a lost connection */
    this.resumeToken = null;
    /** @type {RTCIceServer[]} */
    this.iceServers = [];
    /** @type {{participantId: string, level: number, local: boolean}[]} who speaks now, loudest first (this client too) */
    this.activeSpeakers = [];
    /** @type {ConnectionState} */
    this.connectionState = 'disconnected';
    this.#roster = new Roster((type, detail) => this.#emit(type, detail), (s) => this.#subscriber?.drop(s));
    this.#adaptive = new AdaptiveStream({
      enabled: this.options.adaptiveStream !== false,
      send: (trackId, preference) => this.#invoke('SetSubscriptionPreference', { trackId, ...preference }),
      isSubscribed: (trackId) => [...this.subscriptions.values()].some((s) => s.trackId === trackId),
      error: (e) => {
        if (this.#hub?.state === HubConnectionState.Connected) this.#error(e, 'subscription preference');
      },
    });
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', () => {
        if (this.options.leaveOnPageHide) this.#leaveNow();
      });
    }
  }

  /** @returns {Map<string, import('./roster.js').RemoteParticipant>} the other participants of the room, by id */
  get participants() {
    return this.#roster.participants;
  }

  /** @returns {LocalTrack[]} the tracks this client sends */
  get localTracks() {
    return this.#publisher ? [...this.#publisher.tracks] : [];
  }

  /** @returns {Map<string, import('./subscriber.js').Subscription>} the remote tracks received, by subscriber mid */
  get subscriptions() {
    return this.#subscriber ? this.#subscriber.subscriptions : new Map();
  }

  /** @returns {RTCPeerConnection|null} the connection this client sends on */
  get publisherPc() {
    return this.#publisher?.pc ?? null;
  }

  /** @returns {RTCPeerConnection|null} the connection this client receives on */
  get subscriberPc() {
    return this.#subscriber?.pc ?? null;
  }

  /** @returns {import('@microsoft/signalr').HubConnection|null} the SignalR connection */
  get hub() {
    return this.#hub;
  }

  /**
   * When each step of the last `join()` happened, in milliseconds since the page's time origin (`performance.now()`,
   * so for a page that joins as it opens: since it was opened); null for a step not reached (yet). Steps: `start`,
   * `token`, `connect`, `join`, `subscriberOffer`, `subscriberAnswered`, `subscriberConnected`, `publishAnswered`,
   * `firstAudio`, `firstFrame` (see JOIN_STEPS). A copy: read it again for later steps.
   * @returns {Record<string, number|null>}
   */
  get joinTimings() {
    return this.#timings.snapshot();
  }

  /**
   * Listens to an event; the listener gets the event's detail.
   * @param {string} type
   * @param {(detail: any) => void} listener
   * @returns {() => void} removes the listener
   */
  on(type, listener) {
    const handler = (/** @type {CustomEvent} */ e) => listener(e.detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  /**
   * Opens the SignalR connection to the hub (WebSockets). `join` calls it when needed.
   * @returns {Promise<void>}
   */
  async connect() {
    if (this.#hub && this.#hub.state !== HubConnectionState.Disconnected) {
      return;
    }
    this.#setState('connecting');
    const url = this.#hubUrl ?? this.options.url;
    const hub = this.#openHub();
    try {
      await hub.start();
      this.#timings.mark('connect');
    } catch (e) {
      this.#hub = null;
      this.#hubUrl = null;
      this.#setState('disconnected');
      throw new Error(`Could not connect to ${url}: ${messageOf(e)}`, { cause: e });
    }
  }

  /**
   * Joins a room: creates the two peer connections and learns who is there. Others' tracks arrive as
   * `trackSubscribed` events once the server's subscriber offer is applied. In a cluster, when the room lives on
   * another node than the one `options.url` reaches, the server says which: the client moves its hub connection
   * there and joins again, on its own (at most MAX_REDIRECTS times), and stays there until it leaves. The join
   * token is got while the hub connection opens and goes with `Join`. With `publish`, the camera and microphone are captured meanwhile too and
   * published as the room is joined (in one offer, sent with `Join` when ready by then, else right after it); `join`
   * does not wait for them: `localTrackPublished` says when they are published, an `error` event (context
   * `camera or microphone`, or `publish`) why not.
   * @param {string} room
   * @param {string} name the name others see
   * @param {string|object} [metadata] free-form data others see (objects are sent as JSON)
   * @param {{token?: SfuClientOptions['token'], publish?: {camera?: boolean, microphone?: boolean,
   *   video?: MediaTrackConstraints, audio?: MediaTrackConstraints, simulcast?: boolean}}} [options] token: the join
   *   token for this room (replaces options.token); publish: what to capture and publish, as for `publishUserMedia`
   * @returns {Promise<{participantId: string, room: string, participants: any[]}>} the server's JoinResponse
   */
  async join(room, name, metadata, { token, publish } = {}) {
    if (this.participantId) {
      throw new Error(`Already in room ${this.room}: leave it first.`);
    }
    if (!room || !name) {
      throw new Error('A room and a name are needed to join.');
    }
    if (token !== undefined) {
      this.options.token = token;
    }
    this.#timings.begin();
    const joinToken = this.#resolveToken();
    this.#joinToken = joinToken;
    const connecting = this.connect();
    connecting.catch(() => {}); // awaited below
    // The token request and the WebSocket go out first; the peer connections (whose first creation takes the page
    // a while) and the camera are set up while they are on their way.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#createPeerConnections();
    const offer = publish ? new JoinOffer((method, ...args) => this.#invoke(method, ...args)) : null;
    if (offer) this.#publishWhileJoining(publish, offer);
    let response;
    try {
      await connecting;
      this.#setState('connecting');
      const request = { room, name, metadata: metadata == null ? null : typeof metadata === 'string' ? metadata : JSON.stringify(metadata) };
      this.#joinMetadata = request.metadata;
      const value = await joinToken.promise;
      if (value) {
        request.token = value;
        this.#lastToken = value;
      }
      const publishRequest = offer?.take();
      if (publishRequest) request.publish = publishRequest;
      this.#iceServersKnown = gate();
      response = await this.#invoke('Join', request);
      // In a cluster the room may live on another node: join there (the publisher offer, if any, goes as Publish then).
      for (let hops = 0, url = nextHop(response, hops, room); url !== null; url = nextHop(response, ++hops, room)) {
        await this.#moveHub(url);
        delete request.publish;
        response = await this.#invoke('Join', request);
      }
    } catch (e) {
      offer?.failed(e);
      await this.#end(`join failed: ${e.message}`);
      throw e;
    } finally {
      this.#joinToken = null;
    }
    this.#timings.mark('join');
    this.participantId = response.participantId;
    this.room = response.room ?? room;
    this.name = name;
    this.resumeToken = response.resumeToken;
    this.#applyIceServers(response.iceServers);
    this.#iceServersKnown?.resolve();
    this.#roster.apply(response.participants ?? [], this.participantId);
    if (offer) {
      const expected = this.#timings.snapshot().subscriberOffer !== null || (response.participants ?? []).some((p) => (p.tracks ?? []).length > 0);
      offer.joined(response, receiving(this.#subscriber?.pc, expected));
    }
    this.#setState('connected');
    this.#emit('joined', { participantId: this.participantId, room: this.room });
    if (this.options.data) this.enableData().catch((e) => this.#error(e, 'data channels'));
    return response;
  }

  /**
   * Starts getting the join token (`options.token`: a string, or a function returning one or a promise of one); takes
   * the `token` step when it is in hand.
   * @returns {{value: string|null, promise: Promise<string>}}
   */
  #resolveToken() {
    const source = this.options.token;
    /** @type {{value: string|null, promise: Promise<string>}} */
    const held = { value: null, promise: Promise.resolve('') };
    let first;
    try {
      first = Promise.resolve(typeof source === 'function' ? source() : source); // called now: its request goes out at once
    } catch (e) {
      first = Promise.reject(e);
    }
    held.promise = first
      .then((value) => {
        held.value = value ?? '';
        this.#timings.mark('token');
        return held.value;
      });
    held.promise.catch(() => {}); // join() awaits it and reports a failure
    return held;
  }

  /**
   * The access token the hub connection opens with: while joining, the join's token if already in hand, else none
   * (it goes with `Join`: the connection does not wait for it); otherwise `options.token` (a function is called).
   * @returns {string|Promise<string>|undefined}
   */
  #accessToken() {
    if (this.#heldToken) {
      return this.#heldToken; // moving: the token the room was joined with (the page's source may be the server going away)
    }
    if (this.#joinToken) {
      return this.#joinToken.value ?? '';
    }
    const token = this.options.token;
    const value = typeof token === 'function' ? token() : token;
    return Promise.resolve(value).then((v) => {
      if (v) this.#lastToken = v;
      return v;
    });
  }

  /**
   * Captures and publishes what `join(..., {publish})` asked for, while and after joining (see JoinOffer).
   * @param {{camera?: boolean, microphone?: boolean, video?: MediaTrackConstraints, audio?: MediaTrackConstraints, simulcast?: boolean}} options
   * @param {JoinOffer} offer
   */
  async #publishWhileJoining(options, offer) {
    const publisher = this.#publisher;
    let tracks;
    try {
      tracks = await this.#capture(options);
    } catch (e) {
      if (this.#publisher === publisher) this.#error(e, 'camera or microphone');
      return;
    }
    if (this.#publisher !== publisher) {
      tracks.forEach((t) => t.track.stop()); // the join failed, or the client left meanwhile
      return;
    }
    try {
      await this.#publishAll(tracks, offer.send);
    } catch (e) {
      if (this.#publisher === publisher) this.#error(e, 'publish');
      return;
    }
    if (offer.early && this.iceServers.length > 0 && this.#publisher === publisher) {
      // The offer was made before the server named its ICE (TURN) servers: gather again with them.
      publisher.negotiate({ iceRestart: true }).catch((e) => this.#error(e, 'publisher ICE restart'));
    }
  }

  /**
   * Opens the room data channels (on the publisher connection); `data` events arrive from then on.
   * @returns {Promise<void>} once the server is ready to relay
   */
  enableData() {
    this.#requireRoom();
    return this.#data.start();
  }

  /**
   * Sends a data message through the server to the others in the room; they get a `data` event with this
   * participant's id as `sender` (stamped by the server).
   * @param {string|ArrayBuffer|ArrayBufferView} payload a string arrives as a string, bytes as a Uint8Array
   * @param {{reliable?: boolean, topic?: string, destinations?: string[]}} [options] reliable (default true): ordered
   *   and retransmitted; false: unordered, never retransmitted (may be lost). destinations: participant ids.
   * @returns {Promise<void>} once handed to the data channel; throws when over the room's size limit
   */
  sendData(payload, options = {}) {
    this.#requireRoom();
    return this.#data.send(payload, options);
  }

  /** @returns {{maxMessageBytes: number, messagesPerSecond: number, bytesPerSecond: number}|null} the server's data limits */
  get dataLimits() {
    return this.#data?.limits ?? null;
  }

  /**
   * Publishes a track this page already has.
   * @param {MediaStreamTrack} track
   * @param {{source?: string, name?: string, simulcast?: boolean}} [options] source: camera, microphone, screen, screen-audio
   * @returns {Promise<LocalTrack>} once the server accepted it (it has a trackId)
   */
  async publish(track, options = {}) {
    const source = options.source ?? (track.kind === 'audio' ? 'microphone' : 'camera');
    const [t] = await this.#publishAll([new LocalTrack(track, { ...options, source })]);
    return t;
  }

  /**
   * Captures and publishes the camera. Does nothing (returns the published one) when a camera is already published.
   * @param {{video?: MediaTrackConstraints, simulcast?: boolean, name?: string}} [options]
   *   video: getUserMedia constraints (ideal 1280x720 by default); simulcast: send three layers (default true;
   *   `false` sends one)
   * @returns {Promise<LocalTrack>}
   */
  async publishCamera(options = {}) {
    return (await this.publishUserMedia({ ...options, camera: true, microphone: false }))[0];
  }

  /**
   * Captures and publishes the microphone. Does nothing when a microphone is already published.
   * @param {{audio?: MediaTrackConstraints, name?: string}} [options]
   * @returns {Promise<LocalTrack>}
   */
  async publishMicrophone(options = {}) {
    return (await this.publishUserMedia({ ...options, camera: false, microphone: true }))[0];
  }

  /**
   * Captures camera and microphone with one getUserMedia call and publishes them in one negotiation.
   * Sources already published are skipped (their LocalTrack is returned).
   * @param {{camera?: boolean, microphone?: boolean, video?: MediaTrackConstraints, audio?: MediaTrackConstraints, simulcast?: boolean}} [options]
   * @returns {Promise<LocalTrack[]>} camera first, then microphone
   */
  async publishUserMedia(options = {}) {
    this.#requireRoom();
    const wantCamera = options.camera !== false;
    const wantMicrophone = options.microphone !== false;
    let camera = wantCamera ? this.#local('camera')[0] : undefined;
    let microphone = wantMicrophone ? this.#local('microphone')[0] : undefined;
    const fresh = await this.#capture({ ...options, camera: wantCamera && !camera, microphone: wantMicrophone && !microphone });
    await this.#publishAll(fresh);
    camera ??= fresh.find((t) => t.source === 'camera');
    microphone ??= fresh.find((t) => t.source === 'microphone');
    return [camera, microphone].filter((t) => t);
  }

  /**
   * Captures camera and microphone with one getUserMedia call (none when neither is wanted).
   * @param {{camera?: boolean, microphone?: boolean, video?: MediaTrackConstraints, audio?: MediaTrackConstraints, simulcast?: boolean, name?: string}} options
   * @returns {Promise<LocalTrack[]>} camera first, then microphone
   */
  async #capture(options) {
    const video = options.camera !== false ? options.video ?? DEFAULT_VIDEO : false;
    const audio = options.microphone !== false ? options.audio ?? true : false;
    if (!video && !audio) {
      return [];
    }
    const stream = await navigator.mediaDevices.getUserMedia({ video, audio });
    const tracks = [];
    const v = stream.getVideoTracks()[0];
    const a = stream.getAudioTracks()[0];
    if (v) tracks.push(new LocalTrack(v, { source: 'camera', simulcast: options.simulcast, name: options.name }));
    if (a) tracks.push(new LocalTrack(a, { source: 'microphone', name: options.name }));
    return tracks;
  }

  /**
   * Shares a screen, window or tab (getDisplayMedia); its video has source "screen", its audio (with `audio: true`)
   * "screen-audio". When the person stops sharing through the browser, the tracks are unpublished.
   * @param {{audio?: boolean, video?: MediaTrackConstraints|boolean}} [options]
   * @returns {Promise<LocalTrack>} the screen's video track
   */
  async publishScreen(options = {}) {
    this.#requireRoom();
    const existing = this.#local('screen')[0];
    if (existing) {
      return existing;
    }
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: options.video ?? true, audio: !!options.audio });
    const tracks = stream.getTracks().map((t) => {
      if (t.kind === 'video') t.contentHint = 'detail';
      return new LocalTrack(t, { source: t.kind === 'video' ? 'screen' : 'screen-audio' });
    });
    const video = tracks.find((t) => t.kind === 'video');
    await this.#publishAll(tracks);
    video?.track.addEventListener('ended', () => {
      this.unpublish(tracks).catch((e) => this.#error(e, 'unpublish screen'));
    });
    return video;
  }

  /**
   * Stops publishing tracks and renegotiates.
   * @param {LocalTrack|LocalTrack[]|MediaStreamTrack|string} target a LocalTrack, a MediaStreamTrack, a trackId,
   *   a kind ('audio', 'video') or a source ('camera', 'microphone', 'screen', 'screen-audio')
   * @param {{stop?: boolean}} [options] stop: stop the captured tracks too (default true)
   * @returns {Promise<void>}
   */
  async unpublish(target, options = {}) {
    const list = this.#local(target);
    if (list.length === 0 || !this.#publisher) {
      return;
    }
    try {
      await this.#publisher.remove(list);
    } finally {
      for (const t of list) {
        if (options.stop !== false) t.track.stop();
        this.#emit('localTrackUnpublished', { localTrack: t, trackId: t.trackId, kind: t.kind, source: t.source });
      }
    }
  }

  /**
   * Mutes or unmutes local tracks: the track keeps its m-section but sends silence or black
   * (`track.enabled`), and others get `trackMuted`.
   * @param {LocalTrack|MediaStreamTrack|string} target as for `unpublish`
   * @param {boolean} muted
   * @returns {Promise<void>}
   */
  async setMuted(target, muted) {
    const list = this.#local(target);
    if (list.length === 0) {
      throw new Error(`No published track matches ${describe(target)}.`);
    }
    for (const t of list) {
      t.muted = !!muted;
      t.track.enabled = !muted;
    }
    await Promise.all(list.filter((t) => t.trackId).map((t) => this.#invoke('SetTrackMuted', { trackId: t.trackId, muted: !!muted })));
    for (const t of list) {
      this.#emit('localTrackMuted', { localTrack: t, trackId: t.trackId, kind: t.kind, source: t.source, muted: t.muted });
    }
  }

  /**
   * Tells the server how this client shows a remote track: paused (not shown at all), the highest simulcast layer
   * (0 = lowest, 2 = highest), or the largest size in device pixels. The three layer limits go together: giving any
   * replaces all three (one left out = no limit); giving only `paused` keeps them. It overrides the automatic
   * (adaptive) preference of that track until `clearSubscriptionPreference`.
   * @param {string} trackId
   * @param {{paused?: boolean, maxWidth?: number, maxHeight?: number, maxSpatialLayer?: number}} preference
   * @returns {Promise<void>}
   */
  async setSubscriptionPreference(trackId, preference) {
    const undo = this.#adaptive.setManual(trackId, preference);
    try {
      await this.#invoke('SetSubscriptionPreference', { trackId, ...preference });
    } catch (e) {
      undo();
      throw e;
    }
  }

  /**
   * Ends the manual preference of a track: the automatic one applies again (sent at once when the track is attached
   * to an element), or, without one, every limit is dropped and the track resumes.
   * @param {string} trackId
   * @returns {Promise<void>}
   */
  async clearSubscriptionPreference(trackId) {
    await this.#adaptive.clearManual(trackId);
  }

  /**
   * Watches an element showing a remote video track (it does not set its `srcObject`): with `adaptiveStream` on,
   * the track's preference follows the element's size and visibility. An element shows one track at a time.
   * @param {string} trackId
   * @param {HTMLElement} element usually the `<video>` playing the track
   * @returns {() => void} detaches it
   */
  attachVideo(trackId, element) {
    this.#adaptive.attach(trackId, element);
    return () => this.detachVideo(trackId, element);
  }

  /**
   * Stops watching an element (every element of the track when none is given); the last preference sent stays.
   * @param {string} trackId
   * @param {HTMLElement} [element]
   */
  detachVideo(trackId, element) {
    this.#adaptive.detach(trackId, element);
  }

  /**
   * What this client asked the server for, per remote track: `{manual, preference, elements}` (the manual preference,
   * or the automatic one last sent; `elements`: how many attached elements show it).
   * @returns {Map<string, {manual: boolean, preference: object|null, elements: number}>}
   */
  get subscriptionPreferences() {
    return this.#adaptive.snapshot();
  }

  /**
   * Leaves the room: tells the server, closes both peer connections, stops the local tracks and the hub connection.
   * @returns {Promise<void>}
   */
  async leave() {
    const hub = this.#hub;
    if (hub && this.participantId && hub.state === HubConnectionState.Connected) {
      try {
        await hub.invoke('Leave');
      } catch (e) {
        this.#error(e, 'leave');
      }
    }
    await this.#end('left');
  }

  /**
   * The page is going away: nothing may be awaited. `Leave` is written to the hub's socket without waiting for its
   * result (it may not get out before the page is gone), and both peer connections are closed at once: closing them
   * sends DTLS close_notify, which the server takes as leaving too. So no beacon is needed.
   */
  #leaveNow() {
    const hub = this.#hub;
    if (!this.participantId) {
      return;
    }
    if (hub && hub.state === HubConnectionState.Connected) {
      hub.send('Leave').catch(() => {});
    }
    this.#end('left');
  }

  #createPeerConnections() {
    const configuration = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...this.options.rtcConfiguration };
    const invoke = (method, ...args) => this.#invoke(method, ...args);
    this.#publisher = new Publisher(configuration, invoke);
    this.#data = new RoomData(this.#publisher, (type, d) =>
      this.#emit(type, type === 'data' ? { ...d, participant: d.sender ? this.#roster.participants.get(d.sender) ?? null : null } : d));
    this.#subscriber = new Subscriber(configuration, invoke, {
      subscribed: (s) => {
        this.#timings.watchFirstFrame(subscriberPc);
        this.#roster.subscribed(s);
        if (s.kind === 'video') this.#adaptive.subscribed(s.trackId);
      },
      unsubscribed: (s) => {
        this.#roster.unsubscribed(s);
        this.#adaptive.unsubscribed(s.trackId);
      },
      answered: () => this.#timings.mark('subscriberAnswered'),
      isGone: (id, trackId) => this.#roster.isGone(id, trackId),
      error: (e) => this.#error(e, 'subscriber offer'),
    });
    const subscriberPc = this.#subscriber.pc;
    subscriberPc.addEventListener('connectionstatechange', () => {
      if (subscriberPc.connectionState === 'connected') this.#timings.mark('subscriberConnected');
    });
    const pc = this.#publisher.pc;
    pc.addEventListener('iceconnectionstatechange', () => {
      if (pc.iceConnectionState === 'failed' && this.#hub?.state === HubConnectionState.Connected && this.#publisher?.pc === pc) {
        this.#publisher.negotiate({ iceRestart: true }).catch((e) => this.#error(e, 'publisher ICE restart'));
      }
    });
  }

  #applyIceServers(servers) {
    this.iceServers = rtcIceServers(servers);
    if (this.iceServers.length > 0) {
      for (const pc of [this.publisherPc, this.subscriberPc]) {
        pc?.setConfiguration({ ...pc.getConfiguration(), iceServers: this.iceServers });
      }
    }
  }

  /** @param {import('@microsoft/signalr').HubConnection} hub */
  #listen(hub) {
    const mine = (fn) => (...args) => {
      if (this.#hub === hub) fn(...args);
    };
    hub.on('ParticipantJoined', mine((p) => this.#roster.add(p, false)));
    hub.on('ParticipantLeft', mine((id) => this.#roster.remove(id, 'left')));
    hub.on('ParticipantReconnecting', mine((id) => this.#roster.setReconnecting(id, true)));
    hub.on('ParticipantResumed', mine((id) => this.#roster.setReconnecting(id, false)));
    hub.on('TrackPublished', mine((id, track) => this.#roster.addTrack(id, track)));
    hub.on('TrackUnpublished', mine((id, trackId) => this.#roster.removeTrack(id, trackId)));
    hub.on('TrackMuted', mine((id, trackId, muted) => this.#roster.setMuted(id, trackId, muted)));
    hub.on('SubscriberOffer', mine((offer) => {
      this.#timings.mark('subscriberOffer');
      const subscriber = this.#subscriber;
      (this.#iceServersKnown?.promise ?? Promise.resolve())
        .then(() => subscriber?.handleOffer(offer))
        .catch((e) => this.#error(e, 'subscriber offer'));
    }));
    hub.on('TrackUnavailable', mine((trackId, reason) => this.#emit('trackUnavailable', { trackId, reason })));
    hub.on('ActiveSpeakersChanged', mine((speakers) => this.#setActiveSpeakers(speakers)));
    hub.on('Moving', mine((move) => {
      this.#move(readMove(move));
    }));
    hub.on('Disconnected', mine((reason) => {
      this.#end(reason || 'disconnected by the server');
    }));
    hub.onreconnecting(mine(() => {
      if (this.participantId) this.#setState('reconnecting');
    }));
    hub.onreconnected(mine(() => {
      this.#resume();
    }));
    hub.onclose(mine((e) => {
      this.#end(e ? `connection lost: ${messageOf(e)}` : 'connection closed');
    }));
  }

  /** @returns {import('@microsoft/signalr').HubConnection} a new hub connection (not started) to `options.url` */
  #createHub() {
    return createHubConnection(this.options, () => this.#accessToken(), this.#hubUrl ?? this.options.url);
  }

  /** @returns {import('@microsoft/signalr').HubConnection} a new hub connection (not started), now this client's */
  #openHub() {
    const hub = this.#createHub();
    this.#listen(hub);
    this.#hub = hub;
    return hub;
  }

  /**
   * The server drains and said to move: leave its peer connections (keeping the captured tracks), join the same room
   * again at `move.url` (else the same URL) after `move.retryAfterMs`, retrying for `moveWindowMs`, and publish the
   * same tracks again. The page sees `reconnecting`, then `connected`; only when every attempt fails, `disconnected`
   * with the reason.
   * @param {{reason: string, retryAfterMs: number, url: string|null}} move
   */
  async #move(move) {
    if (!this.participantId || this.#moving) {
      return;
    }
    const moving = { reason: move.reason };
    this.#moving = moving;
    const { room, name } = this;
    const metadata = this.#joinMetadata;
    const tracks = this.#publisher ? [...this.#publisher.tracks] : [];
    const data = this.#data?.started ?? false;
    this.#heldToken = this.#lastToken;
    this.#timings.begin();
    this.#setState('reconnecting');
    this.#emit('moving', { reason: move.reason, url: move.url, retryAfterMs: move.retryAfterMs });
    if (move.url) {
      this.options.url = move.url;
      this.#hubUrl = null; // not the node a cluster redirect led to: the one the move names
    }
    // The first attempt's hub connection opens while the old connections close (unless the server asks for a wait).
    let first = move.retryAfterMs > 0 ? null : this.#startHub();
    this.#dropConnections('moved', first);
    const result = await rejoinAfterMove({
      retryAfterMs: move.retryAfterMs,
      windowMs: this.options.moveWindowMs,
      isCurrent: () => this.#moving === moving,
      attempt: () => {
        const opening = first ?? this.#startHub();
        first = null;
        return this.#rejoin(moving, opening, room, name, metadata, tracks, data);
      },
      failed: () => this.#dropConnections('moved'),
    });
    if (result.outcome === 'abandoned') {
      first?.hub.stop().catch(() => {}); // left meanwhile
      return;
    }
    if (result.outcome === 'failed') {
      tracks.forEach((t) => t.track.stop());
      await this.#end(moveFailedReason(move.reason, messageOf(result.error)));
      return;
    }
    this.#moving = null;
    this.#heldToken = null;
    this.#setState('connected');
    this.#emit('moved', { participantId: this.participantId, room: this.room, reason: move.reason, url: this.options.url });
  }

  /** @returns {{hub: import('@microsoft/signalr').HubConnection, started: Promise<void>}} a hub connection opening */
  #startHub() {
    const hub = this.#createHub();
    const started = hub.start();
    started.catch(() => {}); // awaited by the attempt
    return { hub, started };
  }

  /**
   * One attempt to join the room again after a move (on `opening`, a hub connection opening) and publish `tracks`
   * again.
   */
  async #rejoin(moving, opening, room, name, metadata, tracks, data) {
    const { hub } = opening;
    this.#listen(hub);
    this.#hub = hub;
    this.#createPeerConnections();
    await opening.started;
    this.#timings.mark('connect');
    const request = { room, name, metadata };
    if (this.#heldToken) request.token = this.#heldToken;
    this.#iceServersKnown = gate();
    let response = await this.#invoke('Join', request);
    for (let hops = 0, url = nextHop(response, hops, room); url !== null && this.#moving === moving; url = nextHop(response, ++hops, room)) {
      await this.#moveHub(url); // in a cluster: the room was placed on another node
      response = await this.#invoke('Join', request);
    }
    this.#timings.mark('join');
    if (this.#moving !== moving) {
      hub.stop().catch(() => {}); // left meanwhile
      return;
    }
    this.participantId = response.participantId;
    this.room = response.room ?? room;
    this.resumeToken = response.resumeToken;
    this.#applyIceServers(response.iceServers);
    this.#iceServersKnown?.resolve();
    this.#roster.apply(response.participants ?? [], this.participantId);
    for (const t of tracks) {
      t.trackId = null;
      t.mid = null;
      t.transceiver = null;
    }
    if (tracks.length > 0) {
      await this.#publisher.add(tracks);
      this.#timings.mark('publishAnswered');
      for (const t of tracks.filter((x) => x.muted)) {
        await this.#invoke('SetTrackMuted', { trackId: t.trackId, muted: true });
      }
    }
    if (data) this.enableData().catch((e) => this.#error(e, 'data channels'));
  }

  /**
   * Closes the hub connection (unless it is `keep`, the next one opening) and both peer connections, keeping the
   * captured tracks (a move).
   */
  #dropConnections(reason, keep = null) {
    const hub = this.#hub;
    this.#hub = null;
    if (hub && hub !== keep?.hub) hub.stop().catch(() => {});
    this.#roster.clear(reason);
    if (this.activeSpeakers.length > 0) this.#setActiveSpeakers([]);
    this.#subscriber?.close();
    this.#data?.close();
    this.#publisher?.close({ stopTracks: false });
    this.#subscriber = null;
    this.#publisher = null;
    this.#data = null;
  }

  async #resume() {
    if (!this.participantId) {
      this.#setState('disconnected');
      return;
    }
    try {
      const r = await this.#invoke('Resume', { participantId: this.participantId, resumeToken: this.resumeToken });
      this.resumeToken = r.resumeToken ?? this.resumeToken;
      this.#roster.apply(r.participants ?? [], this.participantId);
    } catch (e) {
      this.#error(e, 'resume');
      await this.#end(`could not resume: ${e.message}`);
      return;
    }
    this.#setState('connected');
    this.#emit('resumed', { participantId: this.participantId });
    this.#adaptive.refresh(); // preferences that failed while disconnected are sent now
    // The server sends a new subscriber offer by itself; the publisher offers again with new ICE credentials.
    if (this.#publisher && this.#publisher.pc.getTransceivers().length > 0) {
      try {
        await this.#publisher.negotiate({ iceRestart: true });
      } catch (e) {
        this.#error(e, 'publisher ICE restart');
      }
    }
  }

  /** @param {{participantId: string, level: number}[]} speakers */
  #setActiveSpeakers(speakers) {
    this.activeSpeakers = (speakers ?? []).map((s) => ({ participantId: s.participantId, level: s.level, local: s.participantId === this.participantId }));
    this.#emit('activeSpeakersChanged', { speakers: this.activeSpeakers });
  }

  /**
   * Moves the hub connection to another node's hub (a cluster's Join redirect): the connection here closes without
   * ending anything (no room was joined on it), and one opens there with the same token.
   * @param {string} url
   */
  async #moveHub(url) {
    const hub = this.#hub;
    this.#hub = null; // its close is not the client's end
    await hub?.stop().catch(() => {});
    this.#hubUrl = url;
    await this.connect();
    this.#setState('connecting');
  }

  async #end(reason) {
    const hub = this.#hub;
    const wasInRoom = this.participantId !== null;
    this.#hub = null;
    this.#hubUrl = null; // the next join starts at options.url again
    this.#moving = null;
    this.#heldToken = null;
    this.#iceServersKnown?.resolve();
    this.#iceServersKnown = null;
    this.#timings.stop();
    this.#roster.clear(reason);
    if (this.activeSpeakers.length > 0) this.#setActiveSpeakers([]);
    this.#subscriber?.close();
    this.#adaptive.close();
    this.#data?.close();
    this.#data = null;
    this.#publisher?.close();
    this.#subscriber = null;
    this.#publisher = null;
    this.participantId = null;
    this.room = null;
    this.resumeToken = null;
    this.#setState('disconnected');
    if (wasInRoom) {
      this.#emit('disconnected', { reason });
    }
    if (hub) {
      await hub.stop().catch(() => {});
    }
  }

  /**
   * @param {LocalTrack[]} localTracks
   * @param {import('./publisher.js').PublishSender} [send] the offer's way to the server while joining (JoinOffer)
   */
  async #publishAll(localTracks, send) {
    const publisher = send ? this.#publisher : this.#requireRoom();
    if (localTracks.length === 0 || !publisher) {
      return localTracks;
    }
    try {
      await publisher.add(localTracks, send);
      this.#timings.mark('publishAnswered');
    } catch (e) {
      localTracks.forEach((t) => t.track.stop());
      throw e;
    }
    for (const t of localTracks.filter((x) => x.muted)) {
      this.#invoke('SetTrackMuted', { trackId: t.trackId, muted: true }).catch((e) => this.#error(e, 'mute'));
    }
    for (const t of localTracks) {
      this.#emit('localTrackPublished', { localTrack: t, trackId: t.trackId, kind: t.kind, source: t.source });
    }
    return localTracks;
  }

  /** @returns {Publisher} */
  #requireRoom() {
    if (!this.participantId || !this.#publisher) {
      throw new Error('Join a room first.');
    }
    return this.#publisher;
  }

  /** @returns {LocalTrack[]} the local tracks a target names (none before joining) */
  #local(target) {
    return this.#publisher?.select(target) ?? [];
  }

  async #invoke(method, ...args) {
    const hub = this.#hub;
    if (!hub || hub.state !== HubConnectionState.Connected) {
      throw new Error(`Not connected to the server (${method}).`);
    }
    try {
      return await hub.invoke(method, ...args);
    } catch (e) {
      throw new Error(`${method}: ${messageOf(e)}`, { cause: e });
    }
  }

  #setState(state) {
    if (this.connectionState === state) {
      return;
    }
    const previous = this.connectionState;
    this.connectionState = state;
    this.#emit('connectionStateChanged', { state, previous });
  }

  #error(error, context) {
    this.#emit('error', { error, context });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function describe(target) {
  if (target instanceof LocalTrack) return `local ${target.source} track`;
  if (typeof target === 'string') return `"${target}"`;
  return String(target);
}

/** A promise and its resolve function. @returns {{promise: Promise<void>, resolve: () => void}} */
function gate() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
}
