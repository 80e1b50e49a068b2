/**
 * The server's ICE servers (`JoinResponse.iceServers`: `{urls, username?, credential?}`) as RTCPeerConnection takes them.
 * @param {{urls: string[], username?: string|null, credential?: string|null}[]|null|undefined} servers
 * @returns {RTCIceServer[]}
 */
export function rtcIceServers(servers) {
  return (servers ?? []).map((s) => {
    /** @type {RTCIceServer} */
    const server = { urls: s.urls };
    if (s.username != null) server.username = s.username;
    if (s.credential != null) server.credential = s.credential;
    return server;
  });
}
