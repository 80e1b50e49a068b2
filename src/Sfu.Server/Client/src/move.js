/**
 * Moving to another server when the one in use drains (the hub's `Moving` message): how long to keep trying and how
 * long to wait between tries. The client leaves its peer connections, joins the same room again (at the URL the
 * server names, else the same URL) and publishes its tracks again; see SfuClient's `moving` and `moved` events.
 */

/** Waits between rejoin attempts after the first (milliseconds); the last repeats. */
export const MOVE_RETRY_DELAYS_MS = Object.freeze([250, 500, 1000, 2000]);

/** How long to keep trying to rejoin after a move, by default (milliseconds). */
export const DEFAULT_MOVE_WINDOW_MS = 30000;

/**
 * @param {number} attempt 0 for the wait after the first failed attempt
 * @returns {number} milliseconds to wait before the next attempt
 */
export function moveRetryDelay(attempt) {
  return MOVE_RETRY_DELAYS_MS[Math.min(attempt, MOVE_RETRY_DELAYS_MS.length - 1)];
}

/**
 * The server's move message, checked: a reason, a wait of 0-60 s and an optional hub URL.
 * @param {any} move
 * @returns {{reason: string, retryAfterMs: number, url: string|null}}
 */
export function readMove(move) {
  const reason = typeof move?.reason === 'string' && move.reason ? move.reason : 'moving';
  const wait = Number(move?.retryAfterMs);
  const retryAfterMs = Number.isFinite(wait) ? Math.min(Math.max(wait, 0), 60000) : 0;
  const url = typeof move?.url === 'string' && move.url ? move.url : null;
  return { reason, retryAfterMs, url };
}

/**
 * What the page is told when a move fails for good.
 * @param {string} reason the move's reason
 * @param {string} error why the last attempt failed
 */
export function moveFailedReason(reason, error) {
  const why = reason === 'node-draining' ? 'the server is shutting down (node-draining)' : reason;
  return `${why}; rejoining failed: ${error}`;
}

/**
 * Runs a move's rejoin attempts: waits `retryAfterMs`, then calls `attempt` until one succeeds, the move window would
 * pass before the next, or the move is abandoned (the client left meanwhile).
 * @param {object} move
 * @param {number} move.retryAfterMs the server's wait before the first attempt
 * @param {number} move.windowMs how long to keep trying, from the call
 * @param {(n: number) => Promise<void>} move.attempt one attempt (0 first)
 * @param {(error: any) => void} move.failed called after each failed attempt (clean up before the next)
 * @param {() => boolean} move.isCurrent false once the move is abandoned
 * @param {(ms: number) => Promise<void>} [move.wait] the timer (tests pass their own)
 * @param {() => number} [move.now] the clock, milliseconds
 * @returns {Promise<{outcome: 'moved'|'failed'|'abandoned', error?: any}>}
 */
export async function rejoinAfterMove({ retryAfterMs, windowMs, attempt, failed, isCurrent, wait = sleep, now = () => performance.now() }) {
  const started = now();
  await wait(retryAfterMs);
  for (let n = 0; ; n++) {
    if (!isCurrent()) return { outcome: 'abandoned' };
    try {
      await attempt(n);
      return { outcome: isCurrent() ? 'moved' : 'abandoned' };
    } catch (error) {
      if (!isCurrent()) return { outcome: 'abandoned' };
      failed(error);
      const delay = moveRetryDelay(n);
      if (now() - started + delay > windowMs) return { outcome: 'failed', error };
      await wait(delay);
    }
  }
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
