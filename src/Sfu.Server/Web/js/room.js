// The room page: join a room, publish camera, microphone and screen, see and hear the others.
// One tile per participant's camera (with its name; a placeholder while its video is off or muted),
// one tile per screen share; a participant whose connection dropped has its tiles marked "reconnecting" until it is
// back or gone. `?room=R&name=N&autojoin=1` joins at once with camera and microphone
// (`camera=0` / `mic=0` leave one out; `simulcast=0` sends the camera as one layer; `adaptive=0` stops sending
// preferences from the tiles' sizes; `data=1` opens the room data channels at once). window.sfu is the SfuClient,
// for debugging and tests.

import { SfuClient } from '/js/sfu-client.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
/** The camera is sent as three simulcast layers unless `?simulcast=0`. */
const simulcast = query.get('simulcast') !== '0';
// Each remote video tile tells the server its size (the layer to send) and whether it is visible, unless `?adaptive=0`.
// `?relay=1` sends all media through the TURN servers the server hands out (checks a TURN setup from any network).
const client = new SfuClient({
  adaptiveStream: query.get('adaptive') !== '0',
  data: query.get('data') === '1',
  rtcConfiguration: query.get('relay') === '1' ? { iceTransportPolicy: 'relay' } : undefined,
});
window.sfu = client;

/** Tiles by key: `${participantId}/camera` or `${participantId}/screen/${trackId}`; the local ones under "local". */
const tiles = new Map();
/** Remote audio elements by trackId. */
const sounds = new Map();

// ---- tiles -------------------------------------------------------------------------------------------

function cameraKey(participantId) {
  return `${participantId}/camera`;
}

function screenKey(participantId, trackId) {
  return `${participantId}/screen/${trackId}`;
}

function ensureTile(key, { participantId, label, source, local }) {
  let tile = tiles.get(key);
  if (tile) {
    return tile;
  }
  tile = $('tile-template').content.firstElementChild.cloneNode(true);
  tile.dataset.participantId = participantId;
  tile.dataset.source = source;
  tile.classList.toggle('local', !!local);
  tile.classList.toggle('screen', source === 'screen');
  tile.querySelector('.name').textContent = label;
  tile.querySelector('.initial').textContent = (label.trim()[0] || '?').toUpperCase();
  tiles.set(key, tile);
  const speaks = client.activeSpeakers.some((s) => (s.local ? 'local' : s.participantId) === participantId);
  tile.classList.toggle('speaking', source === 'camera' && speaks);
  // Cameras first (the local one leading), screen shares after them.
  const grid = $('grid');
  if (local && source === 'camera') {
    grid.prepend(tile);
  } else if (source === 'camera') {
    const firstScreen = grid.querySelector('.tile.screen');
    grid.insertBefore(tile, firstScreen);
  } else {
    grid.append(tile);
  }
  return tile;
}

function remoteCameraTile(participantId) {
  const p = client.participants.get(participantId);
  const label = p ? p.name : participantId;
  const tile = ensureTile(cameraKey(participantId), { participantId, label, source: 'camera' });
  tile.querySelector('.name').textContent = label;
  tile.querySelector('.initial').textContent = (label.trim()[0] || '?').toUpperCase();
  return tile;
}

function showVideo(tile, stream, trackId, muted) {
  const video = tile.querySelector('video');
  if (video.srcObject !== stream) {
    video.srcObject = stream;
  }
  watchVideo(tile, stream ? trackId : '');
  tile.dataset.trackId = trackId || '';
  tile.dataset.videoMuted = muted ? 'true' : 'false';
  refreshTile(tile);
}

function refreshTile(tile) {
  const video = tile.querySelector('video');
  tile.classList.toggle('no-video', !video.srcObject || tile.dataset.videoMuted === 'true');
  tile.querySelector('.badge').hidden = tile.dataset.audioMuted !== 'true';
  const reconnecting = !tile.classList.contains('local') && !!client.participants.get(tile.dataset.participantId)?.reconnecting;
  tile.classList.toggle('reconnecting', reconnecting);
  tile.querySelector('.status').hidden = !reconnecting;
}

/** A remote video tile's element is watched for the track's adaptive preference (size, visibility); local ones are not. */
function watchVideo(tile, trackId) {
  const video = tile.querySelector('video');
  const remote = trackId && trackId !== 'local' ? trackId : '';
  const watched = video.dataset.watchedTrackId || '';
  if (watched === remote) return;
  if (watched) client.detachVideo(watched, video);
  if (remote) client.attachVideo(remote, video);
  video.dataset.watchedTrackId = remote;
}

function removeTile(key) {
  const tile = tiles.get(key);
  if (!tile) return;
  watchVideo(tile, '');
  tile.querySelector('video').srcObject = null;
  tile.remove();
  tiles.delete(key);
}

function removeParticipantTiles(participantId) {
  for (const [key, tile] of [...tiles]) {
    if (tile.dataset.participantId === participantId) removeTile(key);
  }
  for (const [trackId, audio] of [...sounds]) {
    if (audio.dataset.participantId === participantId) removeSound(trackId);
  }
}

function clearTiles() {
  for (const key of [...tiles.keys()]) removeTile(key);
  for (const trackId of [...sounds.keys()]) removeSound(trackId);
}

// ---- remote audio -----------------------------------------------------------------------------------

function addSound(e) {
  removeSound(e.trackId);
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.dataset.participantId = e.participantId;
  audio.dataset.trackId = e.trackId;
  audio.srcObject = e.stream;
  remoteCameraTile(e.participantId).querySelector('.sounds').append(audio);
  sounds.set(e.trackId, audio);
  audio.play().catch(() => {
    // Autoplay with sound needs a click on this page first (joining by URL has none).
    $('enable-audio').hidden = false;
  });
}

function removeSound(trackId) {
  const audio = sounds.get(trackId);
  if (!audio) return;
  audio.srcObject = null;
  audio.remove();
  sounds.delete(trackId);
}

function setAudioMuted(participantId, muted) {
  const tile = tiles.get(cameraKey(participantId));
  if (tile) {
    tile.dataset.audioMuted = muted ? 'true' : 'false';
    refreshTile(tile);
  }
}

// ---- client events ----------------------------------------------------------------------------------

client.on('connectionStateChanged', ({ state }) => {
  const el = $('state');
  el.textContent = state;
  el.className = 'state ' + state;
});

client.on('participantJoined', ({ participantId }) => refreshTile(remoteCameraTile(participantId)));

/** Its tiles say "reconnecting" while its signaling connection is gone (its video may be frozen or black). */
function refreshParticipantTiles(participantId) {
  for (const tile of tiles.values()) {
    if (tile.dataset.participantId === participantId) refreshTile(tile);
  }
}

client.on('participantReconnecting', ({ participantId }) => refreshParticipantTiles(participantId));

client.on('participantResumed', ({ participantId }) => refreshParticipantTiles(participantId));

client.on('participantLeft', ({ participantId }) => removeParticipantTiles(participantId));

client.on('trackSubscribed', (e) => {
  if (e.kind === 'audio') {
    addSound(e);
    if (e.source !== 'screen-audio') setAudioMuted(e.participantId, e.muted);
  } else if (e.source === 'screen') {
    const name = e.participant ? e.participant.name : e.participantId;
    const tile = ensureTile(screenKey(e.participantId, e.trackId), { participantId: e.participantId, label: `${name} (screen)`, source: 'screen' });
    showVideo(tile, e.stream, e.trackId, e.muted);
  } else {
    showVideo(remoteCameraTile(e.participantId), e.stream, e.trackId, e.muted);
  }
});

client.on('trackUnsubscribed', (e) => {
  if (e.kind === 'audio') {
    removeSound(e.trackId);
  } else if (e.source === 'screen') {
    removeTile(screenKey(e.participantId, e.trackId));
  } else {
    const tile = tiles.get(cameraKey(e.participantId));
    if (tile && tile.dataset.trackId === e.trackId) showVideo(tile, null, '', false);
  }
});

client.on('trackMuted', (e) => {
  if (e.kind === 'audio') {
    if (e.source !== 'screen-audio') setAudioMuted(e.participantId, e.muted);
    return;
  }
  const key = e.source === 'screen' ? screenKey(e.participantId, e.trackId) : cameraKey(e.participantId);
  const tile = tiles.get(key);
  if (tile && tile.dataset.trackId === e.trackId) {
    tile.dataset.videoMuted = e.muted ? 'true' : 'false';
    refreshTile(tile);
  }
});

client.on('trackUnpublished', (e) => {
  if (e.kind === 'audio' && e.source === 'microphone') setAudioMuted(e.participantId, false);
});

client.on('localTrackPublished', ({ localTrack }) => showLocal(localTrack));
client.on('localTrackUnpublished', ({ localTrack }) => hideLocal(localTrack));
client.on('localTrackMuted', ({ localTrack }) => showLocal(localTrack));

// The tiles of whoever speaks get an amber frame (the server says who, loudest first).
client.on('activeSpeakersChanged', ({ speakers }) => {
  const speaking = new Set(speakers.map((s) => (s.local ? 'local' : s.participantId)));
  for (const tile of tiles.values()) {
    tile.classList.toggle('speaking', tile.dataset.source === 'camera' && speaking.has(tile.dataset.participantId));
  }
});

client.on('error', ({ error, context }) =>
  showError(context === 'camera or microphone' || context === 'publish' ? `Camera or microphone unavailable: ${error.message}` : `${context}: ${error.message}`));

// The server drains (shutting down or under maintenance): the client rejoins on its own, here or elsewhere.
client.on('moving', ({ reason }) => showNotice(`The server asked to move (${reason}): reconnecting…`));
client.on('moved', () => showNotice(''));

client.on('disconnected', ({ reason }) => {
  showNotice('');
  clearTiles();
  $('controls').hidden = true;
  $('join-form').hidden = false;
  setFormEnabled(true);
  $('room-label').textContent = '';
  if (reason !== 'left') showError(`Disconnected: ${reason}`);
});

// ---- local tracks -----------------------------------------------------------------------------------

function localCameraTile() {
  return ensureTile('local/camera', { participantId: 'local', label: `${client.name} (you)`, source: 'camera', local: true });
}

function showLocal(localTrack) {
  if (localTrack.source === 'camera') {
    showVideo(localCameraTile(), localTrack.stream, 'local', localTrack.muted);
  } else if (localTrack.source === 'microphone') {
    const tile = localCameraTile();
    tile.dataset.audioMuted = localTrack.muted ? 'true' : 'false';
    refreshTile(tile);
  } else if (localTrack.source === 'screen') {
    const tile = ensureTile('local/screen', { participantId: 'local', label: 'Your screen', source: 'screen', local: true });
    showVideo(tile, localTrack.stream, 'local', false);
  }
  refreshButtons();
}

function hideLocal(localTrack) {
  if (localTrack.source === 'camera') {
    const tile = tiles.get('local/camera');
    if (tile) showVideo(tile, null, '', false);
  } else if (localTrack.source === 'microphone') {
    const tile = tiles.get('local/camera');
    if (tile) {
      tile.dataset.audioMuted = 'false';
      refreshTile(tile);
    }
  } else if (localTrack.source === 'screen') {
    removeTile('local/screen');
  }
  refreshButtons();
}

function localTrack(source) {
  return client.localTracks.find((t) => t.source === source);
}

// ---- controls ---------------------------------------------------------------------------------------

function showError(message) {
  $('error').textContent = message || '';
}

function showNotice(message) {
  $('notice').textContent = message || '';
  $('notice').hidden = !message;
}

function setFormEnabled(enabled) {
  for (const el of $('join-form').querySelectorAll('input, button')) el.disabled = !enabled;
}

function refreshButtons() {
  const camera = localTrack('camera');
  const mic = localTrack('microphone');
  const screen = localTrack('screen');
  $('camera').textContent = camera ? 'Stop camera' : 'Start camera';
  $('camera').classList.toggle('off', !camera);
  $('microphone').textContent = !mic ? 'Start microphone' : mic.muted ? 'Unmute' : 'Mute';
  $('microphone').classList.toggle('off', !mic || mic.muted);
  $('screen').textContent = screen ? 'Stop sharing' : 'Share screen';
  $('screen').hidden = !navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia;
}

/** Runs a control's action with its button disabled, showing any error. */
async function act(button, action) {
  button.disabled = true;
  showError('');
  try {
    await action();
  } catch (e) {
    showError(e.message);
  } finally {
    button.disabled = false;
    refreshButtons();
  }
}

// A join token: `?token=` in the page's URL, else one from the development endpoint (servers in development mode).
const tokenFromUrl = new URLSearchParams(location.search).get('token');

async function tokenFor(room, name) {
  if (tokenFromUrl) return tokenFromUrl;
  const r = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room, name }),
  });
  if (r.status === 404) throw new Error('This server hands out no development tokens: open the page with ?token=<join token>.');
  if (!r.ok) {
    const problem = await r.json().catch(() => null);
    const fields = problem?.errors ? Object.values(problem.errors).flat().join(' ') : '';
    throw new Error(fields || problem?.detail || problem?.title || `The token request failed (HTTP ${r.status}).`);
  }
  return (await r.json()).token;
}

async function join(room, name, { camera, microphone }) {
  showError('');
  setFormEnabled(false);
  try {
    // The token (a function: the client fetches it while the hub connection opens) and the camera and microphone
    // (captured meanwhile, published with the join) cost no time of their own; each step is timed in joinTimings.
    const publish = camera || microphone ? { camera, microphone, simulcast } : undefined;
    await client.join(room, name, undefined, { token: () => tokenFor(room, name), publish });
  } catch (e) {
    showError(e.message);
    setFormEnabled(true);
    return;
  }
  $('join-form').hidden = true;
  $('controls').hidden = false;
  $('room-label').textContent = `Room ${client.room}`;
  history.replaceState(null, '', `/?room=${encodeURIComponent(client.room)}`);
  localCameraTile();
  refreshButtons();
}

$('join-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('name').value.trim();
  localStorage.setItem('sfu.name', name);
  join($('room').value.trim(), name, { camera: $('join-camera').checked, microphone: $('join-microphone').checked });
});

$('camera').onclick = (e) => act(e.currentTarget, () => (localTrack('camera') ? client.unpublish('camera') : client.publishCamera({ simulcast })));

$('microphone').onclick = (e) => act(e.currentTarget, () => {
  const mic = localTrack('microphone');
  return mic ? client.setMuted(mic, !mic.muted) : client.publishMicrophone();
});

$('screen').onclick = (e) => act(e.currentTarget, () => {
  const shared = client.localTracks.filter((t) => t.source === 'screen' || t.source === 'screen-audio');
  return shared.length > 0 ? client.unpublish(shared) : client.publishScreen();
});

$('leave').onclick = (e) => act(e.currentTarget, () => client.leave());

$('enable-audio').onclick = () => {
  $('enable-audio').hidden = true;
  for (const audio of sounds.values()) audio.play().catch(() => {});
};

// ---- start ------------------------------------------------------------------------------------------

$('room').value = query.get('room') || 'lobby';
$('name').value = query.get('name') || localStorage.getItem('sfu.name') || `guest-${Math.floor(1000 + Math.random() * 9000)}`;
if (query.get('camera') === '0') $('join-camera').checked = false;
if (query.get('mic') === '0') $('join-microphone').checked = false;
if (query.get('autojoin') === '1') {
  join($('room').value.trim(), $('name').value.trim(), { camera: $('join-camera').checked, microphone: $('join-microphone').checked });
}
