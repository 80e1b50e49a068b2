// Room data: messages through the server to the others in the room (docs/signaling-protocol.md, "Room data").
// Both channels ride the publisher connection: `_reliable` (ordered, retransmitted) and `_lossy` (unordered, never
// retransmitted). The client sends its messages on them and receives the others' on the same channels; the server
// stamps each with the sender's participant id.

const TYPE_PUBLISH = 1;
const TYPE_MESSAGE = 2;
const TYPE_REFUSED = 3;
const TYPE_LIMITS = 4;
const TEXT_FLAG = 1;
/** Bytes waiting in a channel above which sendData waits for it to drain (to 1 MiB). */
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

/** Why the server refused messages (`dataRefused` event's reason). */
export const DataRefusal = Object.freeze({ 1: 'malformed', 2: 'not_allowed', 3: 'too_large', 4: 'rate_limited' });

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The data channels of one session on the publisher connection.
 * Events through `emit`: `data` {sender, topic, payload, reliable} (sender: a participant id, or null for the
 * server; payload: a string when it was sent as one, else a Uint8Array), `dataRefused` {reason, message}.
 */
export class RoomData {
  #publisher;
  #emit;
  /** @type {RTCDataChannel|null} */
  #reliable = null;
  /** @type {RTCDataChannel|null} */
  #lossy = null;
  /** @type {Promise<void>|null} */
  #ready = null;
  /** @type {Promise<void>|null} sends waiting for a channel to drain, in order */
  #waiting = null;

  /**
   * @param {import('./publisher.js').Publisher} publisher
   * @param {(type: string, detail: any) => void} emit
   */
  constructor(publisher, emit) {
    this.#publisher = publisher;
    this.#emit = emit;
    /** @type {{maxMessageBytes: number, messagesPerSecond: number, bytesPerSecond: number}|null} the server's limits */
    this.limits = null;
  }

  /** @returns {boolean} true once `start` was called (the channels are open or opening) */
  get started() {
    return this.#ready !== null;
  }

  /** @returns {RTCDataChannel|null} the reliable channel (for diagnostics and tests) */
  get reliableChannel() {
    return this.#reliable;
  }

  /**
   * Opens the two channels (negotiating the publisher connection) once; resolves when the server's limits arrived.
   * @returns {Promise<void>}
   */
  start() {
    if (this.#ready) {
      return this.#ready;
    }
    const pc = this.#publisher.pc;
    this.#reliable = pc.createDataChannel('_reliable', { ordered: true });
    this.#lossy = pc.createDataChannel('_lossy', { ordered: false, maxRetransmits: 0 });
    const limits = new Promise((resolve, reject) => {
      for (const [channel, reliable] of [[this.#reliable, true], [this.#lossy, false]]) {
        channel.binaryType = 'arraybuffer';
        channel.bufferedAmountLowThreshold = LOW_WATER;
        channel.onmessage = (e) => this.#receive(e.data, reliable, resolve);
      }
      this.#reliable.onclose = () => reject(new Error('The data channel closed before the server answered.'));
    });
    this.#publisher.dataChannels = true;
    this.#ready = Promise.all([this.#publisher.negotiate(), limits]).then(() => {});
    this.#ready.catch(() => {});
    return this.#ready;
  }

  /**
   * Sends a message to the others in the room (or to `destinations`).
   * @param {string|ArrayBuffer|ArrayBufferView} payload a string arrives as a string, bytes as a Uint8Array
   * @param {{reliable?: boolean, topic?: string, destinations?: string[]}} [options] reliable (default true): ordered
   *   and retransmitted, else unordered and never retransmitted; destinations: participant ids (default everyone)
   * @returns {Promise<void>} once the message is handed to the data channel
   */
  async send(payload, options = {}) {
    const isText = typeof payload === 'string';
    const bytes = isText ? encoder.encode(payload) : toBytes(payload);
    const topic = encoder.encode(options.topic ?? '');
    const destinations = (options.destinations ?? []).map((d) => encoder.encode(String(d)));
    if (topic.length > 255) {
      throw new Error(`A data message's topic is limited to 255 bytes (UTF-8); this one has ${topic.length}.`);
    }
    if (destinations.length > 255 || destinations.some((d) => d.length === 0 || d.length > 255)) {
      throw new Error('A data message names at most 255 destinations, each a participant id of 1-255 bytes.');
    }
    await this.start();
    const max = this.limits?.maxMessageBytes ?? 65536;
    if (bytes.length > max) {
      throw new Error(`The data message is ${bytes.length} bytes; this room allows at most ${max} bytes per message.`);
    }
    let length = 3 + topic.length + 1 + bytes.length;
    for (const d of destinations) length += 1 + d.length;
    const message = new Uint8Array(length);
    message[0] = TYPE_PUBLISH;
    message[1] = isText ? TEXT_FLAG : 0;
    message[2] = topic.length;
    message.set(topic, 3);
    let offset = 3 + topic.length;
    message[offset++] = destinations.length;
    for (const d of destinations) {
      message[offset++] = d.length;
      message.set(d, offset);
      offset += d.length;
    }
    message.set(bytes, offset);
    const channel = options.reliable === false ? this.#lossy : this.#reliable;
    if (!channel || channel.readyState !== 'open') {
      throw new Error('The data channel is not open (the session ended or the connection failed).');
    }
    if (this.#waiting || channel.bufferedAmount > HIGH_WATER) {
      const turn = (this.#waiting ?? Promise.resolve()).then(() => drained(channel)).then(() => channel.send(message));
      this.#waiting = turn;
      try {
        await turn;
      } finally {
        if (this.#waiting === turn) this.#waiting = null;
      }
      return;
    }
    channel.send(message);
  }

  /** Closes the channels (the session ended). */
  close() {
    this.#reliable?.close();
    this.#lossy?.close();
  }

  #receive(data, reliable, limitsArrived) {
    const m = new Uint8Array(data);
    if (m.length < 1) return;
    if (m[0] === TYPE_LIMITS && m.length >= 13) {
      const v = new DataView(m.buffer, m.byteOffset, m.byteLength);
      this.limits = { maxMessageBytes: v.getUint32(1), messagesPerSecond: v.getUint32(5), bytesPerSecond: v.getUint32(9) };
      limitsArrived();
    } else if (m[0] === TYPE_REFUSED && m.length >= 2) {
      const reason = DataRefusal[m[1]] ?? String(m[1]);
      this.#emit('dataRefused', { reason, message: decoder.decode(m.subarray(2)) });
    } else if (m[0] === TYPE_MESSAGE && m.length >= 4) {
      const senderLength = m[2];
      const topicAt = 3 + senderLength;
      if (topicAt >= m.length || topicAt + 1 + m[topicAt] > m.length) return;
      const sender = senderLength === 0 ? null : decoder.decode(m.subarray(3, topicAt));
      const topic = decoder.decode(m.subarray(topicAt + 1, topicAt + 1 + m[topicAt]));
      const body = m.subarray(topicAt + 1 + m[topicAt]);
      const payload = m[1] & TEXT_FLAG ? decoder.decode(body) : body;
      this.#emit('data', { sender, topic, payload, reliable });
    }
  }
}

function toBytes(payload) {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  throw new Error('sendData takes a string, an ArrayBuffer or a typed array.');
}

function drained(channel) {
  if (channel.bufferedAmount <= HIGH_WATER || channel.readyState !== 'open') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve();
    };
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}
