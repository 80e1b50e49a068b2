// Following a cluster's Join redirect: a room lives on one node, and a Join sent to another node is answered with
// `{redirect: {url, node}}` (that node's hub) instead of a participant. The client reconnects there and joins again,
// at most MAX_REDIRECTS times, so a room being moved between nodes cannot bounce it around forever.

/** Redirects one join follows at most; one more is an error. */
export const MAX_REDIRECTS = 2;

/**
 * Where a Join answer sends the client next: the hub URL to join at, or null when the answer is the room itself.
 * @param {{redirect?: {url: string, node: string}|null}} response the server's JoinResponse
 * @param {number} hops redirects already followed in this join
 * @param {string} room the room being joined (for the error message)
 * @returns {string|null}
 * @throws {Error} after MAX_REDIRECTS redirects, or for a redirect without a URL
 */
export function nextHop(response, hops, room) {
  const redirect = response?.redirect;
  if (!redirect) {
    return null;
  }
  if (typeof redirect.url !== 'string' || redirect.url.length === 0) {
    throw new Error(`Join: the server redirected room ${room} without saying where.`);
  }
  if (hops >= MAX_REDIRECTS) {
    throw new Error(`Join: room ${room} was redirected ${hops + 1} times (last to node ${redirect.node} at ${redirect.url}); `
      + 'the cluster is moving it between nodes. Try again in a few seconds.');
  }
  return redirect.url;
}
