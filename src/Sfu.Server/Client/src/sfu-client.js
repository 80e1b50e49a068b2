// The Sfu browser client: SignalR signaling with the room hub (/hubs/room) and two RTCPeerConnections,
// a publisher (this client offers) and a subscriber (the server offers). docs/js-client.md describes the API;
// docs/signaling-protocol.md the wire contract.

import { SfuClient } from './client.js';

export { SfuClient } from './client.js';
export { LocalTrack, SIMULCAST_ENCODINGS, TrackSource } from './publisher.js';
export { JOIN_STEPS } from './join-timings.js';
export { MAX_REDIRECTS } from './redirect.js';

/**
 * Creates a client and connects it to the hub; with `options.room` it also joins that room.
 * @param {string} [url] the hub's URL, `/hubs/room` by default
 * @param {import('./client.js').SfuClientOptions & {room?: string, name?: string, metadata?: string|object}} [options]
 * @returns {Promise<SfuClient>}
 */
export async function connect(url = '/hubs/room', options = {}) {
  const { room, name, metadata, ...rest } = options;
  const client = new SfuClient({ ...rest, url });
  if (room) {
    await client.join(room, name ?? 'guest', metadata);
  } else {
    await client.connect();
  }
  return client;
}
