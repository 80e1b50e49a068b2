// The echo test page: publish camera and microphone, show what the server sends back. The server sends
// transport-cc feedback as a room does, so the browser's uplink estimate (shown, with its last seconds) ramps up and
// the echoed video climbs to the camera's 1280x720.
// window.echo exposes the peer connection and the latest figures for debugging and tests.

const $ = (id) => document.getElementById(id);
const state = { pc: null, sessionId: null, stream: null, timer: null, last: new Map(), figures: {}, estimates: [] };
window.echo = state;

function showState(s) {
  const el = $('state');
  el.textContent = s;
  el.className = 'state ' + s;
}

function showError(message) {
  $('error').textContent = message || '';
}

async function start() {
  showError('');
  $('start').disabled = true;
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
  } catch (e) {
    showError(`Camera or microphone unavailable: ${e.message}. Allow access and try again.`);
    $('start').disabled = false;
    return;
  }
  $('local').srcObject = state.stream;

  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  state.pc = pc;
  for (const track of state.stream.getTracks()) {
    pc.addTransceiver(track, { direction: 'sendrecv', streams: [state.stream] });
  }
  const echoed = new MediaStream();
  $('remote').srcObject = echoed;
  pc.ontrack = (e) => echoed.addTrack(e.track);
  pc.onconnectionstatechange = () => showState(pc.connectionState);

  await pc.setLocalDescription(await pc.createOffer());
  const response = await fetch('/api/echo', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'offer', sdp: pc.localDescription.sdp }),
  });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try { const p = await response.json(); detail = `${p.title}: ${p.detail}`; } catch { /* not JSON */ }
    showError(`The server refused the offer. ${detail}`);
    stop();
    return;
  }
  const answer = await response.json();
  state.sessionId = answer.sessionId;
  await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
  $('stop').disabled = false;
  state.timer = setInterval(updateStats, 1000);
}

function rate(key, bytes, timestamp) {
  const prev = state.last.get(key);
  state.last.set(key, { bytes, timestamp });
  if (!prev || timestamp <= prev.timestamp) return null;
  return (8 * (bytes - prev.bytes)) / (timestamp - prev.timestamp); // bits per ms = kbit/s
}

async function updateStats() {
  if (!state.pc) return;
  const report = await state.pc.getStats();
  const f = { video: {}, audio: {} };
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && (s.kind === 'video' || s.kind === 'audio')) {
      f[s.kind].bytesReceived = s.bytesReceived;
      f[s.kind].packetsReceived = s.packetsReceived;
      f[s.kind].inKbps = rate('in-' + s.kind, s.bytesReceived, s.timestamp);
      if (s.kind === 'video') {
        f.video.framesDecoded = s.framesDecoded;
        f.video.frameWidth = s.frameWidth;
        f.video.frameHeight = s.frameHeight;
      }
    } else if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate) {
      f.estimateKbps = s.availableOutgoingBitrate / 1000;
    } else if (s.type === 'outbound-rtp' && (s.kind === 'video' || s.kind === 'audio')) {
      f[s.kind].bytesSent = s.bytesSent;
      f[s.kind].outKbps = rate('out-' + s.kind, s.bytesSent, s.timestamp);
    }
  });
  state.figures = f;
  const fmt = (x) => (x == null ? '-' : Math.round(x).toString());
  $('v-out').textContent = fmt(f.video.outKbps);
  $('v-in').textContent = fmt(f.video.inKbps);
  $('v-frames').textContent = fmt(f.video.framesDecoded);
  $('v-res').textContent = f.video.frameWidth ? `${f.video.frameWidth}x${f.video.frameHeight}` : '-';
  $('a-out').textContent = fmt(f.audio.outKbps);
  $('a-in').textContent = fmt(f.audio.inKbps);
  $('estimate').textContent = fmt(f.estimateKbps);
  if (f.estimateKbps != null) {
    state.estimates = [...state.estimates.slice(-9), Math.round(f.estimateKbps)];
    $('ramp').textContent = state.estimates.length > 1 ? `(last seconds: ${state.estimates.join(' → ')})` : '';
  }
}

function stop() {
  clearInterval(state.timer);
  if (state.sessionId) {
    fetch(`/api/echo/${state.sessionId}`, { method: 'DELETE' }).catch(() => {});
  }
  state.pc?.close();
  state.stream?.getTracks().forEach((t) => t.stop());
  state.pc = null;
  state.sessionId = null;
  state.estimates = [];
  showState('closed');
  $('start').disabled = false;
  $('stop').disabled = true;
}

$('start').onclick = start;
$('stop').onclick = stop;
$('hear').onchange = (e) => { $('remote').muted = !e.target.checked; };

if (new URLSearchParams(location.search).get('autostart') === '1') {
  start();
}
