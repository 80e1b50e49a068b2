import { HubConnectionBuilder, HttpTransportType } from '@microsoft/signalr';

const RETRY_DELAYS_MS = [0, 500, 1000, 2000];

/**
 * Builds (does not start) the SignalR connection to the room hub: WebSockets, the join token as access token,
 * automatic reconnects for `reconnectWindowMs`.
 * @param {import('./client.js').SfuClientOptions} options read when the connection opens (the token may change)
 * @param {(token: string) => void} [onToken] called each time the token is in hand, just before the connection opens with it
 * @param {() => string|null} [heldToken] a token to use instead of asking `options.token` (while moving to another
 *   server, the token the room was joined with: the page's token source may be the server going away)
 * @param {string} [url] the hub to connect to, `options.url` by default (another node's hub after a cluster redirect)
 * @returns {import('@microsoft/signalr').HubConnection}
 */
export function createHubConnection(options, onToken, heldToken, url = options.url) {
  const windowMs = options.reconnectWindowMs;
  return new HubConnectionBuilder()
    .withUrl(url, {
      transport: HttpTransportType.WebSockets,
      skipNegotiation: options.skipNegotiation,
      accessTokenFactory: async () => {
        const token = options.token;
        const value = heldToken?.() ?? (typeof token === 'function' ? await token() : token) ?? '';
        onToken?.(value);
        return value;
      },
    })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (ctx) =>
        ctx.elapsedMilliseconds >= windowMs ? null : RETRY_DELAYS_MS[ctx.previousRetryCount] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1],
    })
    .configureLogging(options.logLevel)
    .build();
}

/** The message of a hub error without SignalR's prefix ("An unexpected error occurred invoking 'X' on the server. HubException: ..."). */
export function messageOf(e) {
  const text = e instanceof Error ? e.message : String(e);
  const i = text.indexOf('HubException: ');
  return i >= 0 ? text.slice(i + 'HubException: '.length) : text;
}
