import { HubConnectionBuilder, HttpTransportType } from '@microsoft/signalr';

const RETRY_DELAYS_MS = [0, 500, 1000, 2000];

/**
 * Builds (does not start) the SignalR connection to the room hub: WebSockets, an access token when there is one,
 * automatic reconnects for `reconnectWindowMs`.
 * @param {import('./client.js').SfuClientOptions} options
 * @param {() => string|Promise<string>|undefined} accessToken called each time the connection opens (reconnects too):
 *   the access token to open it with (none when empty)
 * @param {string} [url] the hub to connect to, `options.url` by default (another node's hub after a cluster redirect)
 * @returns {import('@microsoft/signalr').HubConnection}
 */
export function createHubConnection(options, accessToken, url = options.url) {
  const windowMs = options.reconnectWindowMs;
  return new HubConnectionBuilder()
    .withUrl(url, {
      transport: HttpTransportType.WebSockets,
      skipNegotiation: options.skipNegotiation,
      accessTokenFactory: async () => (await accessToken()) ?? '',
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
