// Over 400 lines: the example console's one page script (no build step, no framework), in sections: the
// terminal, state, connection, session list, views, command lists, notices, controls, search, kicking.
// The example console's page, on bridge-web's browser client (session-bridge.js, docs/browser-protocol.md):
// one connection to the Java host at /ws; the session list from /api/sessions. Watching a live session and
// replaying a session the C server holds are timelines (client.play): pause, -10 s / +10 s, speed, seek and
// "go live"; a recording file is a replay (client.replay) with the same controls and its command list. Every
// view has a search box (session-bridge.js's searchBox): its hits list where the text was typed or shown, and
// selecting one seeks there.
import { SessionBridgeClient, attachTerminal, attachCanvas, searchBox } from 'session-bridge';

const $ = (id) => document.getElementById(id);
const els = {
  link: $('link'), cServer: $('c-server'), operator: $('operator'), refresh: $('refresh'),
  tbody: document.querySelector('#sessions tbody'), count: $('session-count'),
  viewer: $('viewer'), title: $('viewer-title'), badge: $('view-badge'), detail: $('view-detail'),
  closeView: $('close-view'), banner: $('banner'), screen: $('screen'), placeholder: $('placeholder'),
  terminal: $('terminal'), frames: $('frames'), controls: $('replay-controls'), play: $('play'),
  back: $('back'), forward: $('forward'), speed: $('speed'), seek: $('seek'), time: $('time'),
  liveEdge: $('live-edge'), goLive: $('go-live'), commandsPanel: $('commands-panel'),
  commandsHint: $('commands-hint'), commands: $('commands'), toasts: $('toasts'),
  find: $('find'), findHint: $('find-hint'),
  kickDialog: $('kick-dialog'), kickText: $('kick-text'), kickReason: $('kick-reason'),
};

// ---- the terminal: 80x24 like the recorded sessions, its font scaled to the window ----
const term = new Terminal({
  cols: 80, rows: 24, scrollback: 5000, disableStdin: true, cursorBlink: false, convertEol: false,
  fontFamily: '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", Menlo, Consolas, monospace', fontSize: 14,
  theme: {
    background: '#0a0e14', foreground: '#d5dbe3', cursor: '#58a6ff', selectionBackground: '#264f78',
    scrollbarSliderBackground: 'rgba(139, 148, 158, 0.2)', scrollbarSliderHoverBackground: 'rgba(139, 148, 158, 0.4)',
  },
});
term.open(els.terminal);
function fitFont() {
  const width = els.screen.clientWidth - 24;
  const size = Math.max(8, Math.min(17, Math.floor(width / (80 * 0.62))));
  if (term.options.fontSize !== size) term.options.fontSize = size;
}
window.addEventListener('resize', fitFont);

// ---- state ----
let sessions = [];
let sessionsJson = '';
// what the viewer shows: {kind: 'none' | 'watch' (a live timeline) | 'play' (a C-held replay) | 'replay' (a file),
// session, view (session-bridge.js's View), t0 (the first record's timestamp), durationMs}
let shown = { kind: 'none' };
let seeking = false;               // the operator is dragging the seek bar
let kickTarget = null;

// ---- the connection: session-bridge.js reconnects by itself ----
const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
const client = new SessionBridgeClient(scheme + location.host + '/ws');
client.addEventListener('state', (e) => {
  const s = e.detail.state;
  if (s === 'open') setLink('connected', 'pill-ok');
  else if (s === 'reconnecting') setLink('disconnected — retrying', 'pill-bad');
  else if (s === 'closed') setLink('refused by the server', 'pill-bad');
  else setLink(s + '…', 'pill-wait');
});
client.addEventListener('hello', (e) => { els.operator.textContent = 'signed in as ' + e.detail.principal; });
client.addEventListener('error', (e) => toast('Error', e.detail.message, 'toast-bad'));
function setLink(text, cls) {
  els.link.textContent = text;
  els.link.className = 'pill ' + cls;
}

// ---- the session list (the host's own JSON, not the browser protocol) ----
async function loadSessions() {
  try {
    const r = await fetch('/api/sessions', { cache: 'no-store' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const m = await r.json();
    els.cServer.textContent = m.cServer;
    const json = JSON.stringify(m.sessions);
    if (json === sessionsJson) return;   // unchanged: the rows stay the same elements
    sessionsJson = json;
    sessions = m.sessions;
    renderSessions();
  } catch (e) {
    toast('The session list could not be loaded', String(e.message || e), 'toast-bad');
  }
}
setInterval(loadSessions, 3000);   // sessions end on the C side, whoever watched them

function renderSessions() {
  els.count.textContent = sessions.filter((s) => s.live).length + ' live · ' + sessions.length + ' in all';
  els.tbody.replaceChildren(...sessions.map(sessionRow));
}
function sessionRow(s) {
  const tr = document.createElement('tr');
  tr.dataset.sid = s.sid;
  if (shown.kind !== 'none' && shown.session.sid === s.sid) tr.classList.add('selected');
  const started = new Date(s.started);
  tr.append(
    cell('Session', el('span', 'sid', s.sid)),
    cell('Type', el('span', 'ops ops-' + s.ops, s.ops)),
    cell('User', document.createTextNode(s.user)),
    cell('Target host', document.createTextNode(s.host)),
    cell('Started', el('time', '', formatDate(started), { datetime: s.started })),
    cell('Status', statusBadge(s)),
    actions(s));
  return tr;
}
function statusBadge(s) {
  const span = el('span', '');
  span.append(el('span', 'badge ' + (s.live ? 'badge-live' : 'badge-ended'), s.live ? 'live' : 'ended'));
  if (s.recording) span.append(el('span', 'rec', 'REC', { title: 'recorded', 'aria-label': 'recorded' }));
  if (s.held) span.append(el('span', 'rec', 'C', { title: 'held by the C server', 'aria-label': 'held by the C server' }));
  return span;
}
function actions(s) {
  const td = document.createElement('td');
  const box = el('div', 'actions');
  box.append(
    button('Watch', 'btn', 'Watch session ' + s.sid + ' live', !s.live, () => open('watch', s)),
    button('Kick', 'btn btn-danger', 'Kick session ' + s.sid, !s.live, () => askKick(s)),
    button('Replay', 'btn', 'Replay the recording of session ' + s.sid, !s.recording, () => open('replay', s)));
  if (s.held) {
    box.append(button('C replay', 'btn', 'Replay session ' + s.sid + ' as the C server streams it', false, () => open('play', s)));
  }
  td.append(box);
  return td;
}
function cell(label, child) {
  const td = document.createElement('td');
  td.dataset.label = label;
  td.append(child);
  return td;
}
function el(tag, cls, text, attrs) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
function button(text, cls, label, disabled, onClick) {
  const b = el('button', cls, text, { type: 'button', 'aria-label': label });
  b.disabled = disabled;
  b.addEventListener('click', () => {
    onClick();
    if (text !== 'Kick') showViewer();
  });
  return b;
}
function showViewer() {   // keyboard focus moves to the viewer; a narrow window scrolls to it
  els.viewer.focus({ preventScroll: true });
  if (els.viewer.getBoundingClientRect().top > window.innerHeight * 0.6) els.viewer.scrollIntoView({ block: 'start' });
}
function formatDate(d) {
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
}

// ---- views ----
// Opens a view of session s: 'watch' (live, as a timeline), 'play' (the C server's recording) or 'replay' (the
// file). options: {paused, seekTo, thenPlay} (seeking again after the end).
function open(kind, s, options = {}) {
  const again = shown.kind === kind && shown.session.sid === s.sid;   // the same recording again: its hits stay
  closeShown();
  if (!again) finder.search('');
  if (client.state !== 'open') {
    toast('Not connected', 'The connection to the console server is ' + client.state + '.', 'toast-bad');
    return;
  }
  const view = kind === 'replay' ? client.replay(s.sid, { paused: !!options.paused })
    : client.play(s.ops, s.sid, { paused: !!options.paused });
  shown = { kind, session: s, view, t0: null, durationMs: null, seen: new Set() };
  const me = shown;
  resetViewer(kind, s);
  setFindable(true);
  attachTerminal(view, { write: (d) => { showScreen('terminal'); term.write(d); } });
  attachCanvas(view, els.frames);
  view.addEventListener('record', (e) => {
    if (shown !== me) return;
    const r = e.detail;
    if (me.t0 === null) me.t0 = r.timestamp;
    if (r.type === 'v') showScreen('frames');
    else if (r.type === 'i' && kind !== 'replay') addLiveCommand(me, r);
  });
  view.addEventListener('clock', (e) => { if (shown === me) onClock(e.detail); });
  view.addEventListener('notice', (e) => { if (shown === me) onNotice(me, e.detail); });
  view.addEventListener('error', (e) => {
    if (shown === me) showBanner('Could not open: ' + e.detail.message + ' (' + e.detail.code + ')', 'banner-error');
  });
  view.addEventListener('end', (e) => {
    if (shown === me && e.detail.lost) showBanner('The connection to the console server was lost.', 'banner-error');
  });
  if (kind === 'replay') loadCommands(me);
  if (options.seekTo != null) view.seek(options.seekTo);
  if (options.thenPlay) view.resume();
  renderSessions();
}

function closeShown() {
  if (shown.view && shown.view.open) shown.view.close();
  shown = { kind: 'none' };
}

function resetViewer(kind, s) {
  clearScreen();
  els.terminal.hidden = true;
  els.frames.hidden = true;
  els.placeholder.hidden = false;
  els.screen.classList.remove('ended');
  hideBanner();
  els.commands.replaceChildren();
  const none = kind === 'none';
  els.controls.hidden = none;
  els.commandsPanel.hidden = none;
  els.viewer.querySelector('.viewer-body').classList.toggle('no-commands', none);
  els.closeView.hidden = none;
  els.badge.hidden = none;
  els.liveEdge.hidden = true;
  els.goLive.hidden = kind !== 'watch';
  els.seek.max = '0';
  els.seek.value = '0';
  if (none) {
    els.title.textContent = 'Viewer';
    els.detail.textContent = '';
    els.placeholder.innerHTML = 'Choose <strong>Watch</strong> to follow a live session, or <strong>Replay</strong> to play a recording.';
  } else {
    const live = kind === 'watch';
    els.title.textContent = (live ? 'Live · ' : kind === 'play' ? 'C replay · ' : 'Replay · ') + s.sid;
    els.detail.textContent = s.ops + ' · ' + s.user + '@' + s.host;
    els.badge.textContent = live ? 'live' : 'recording';
    els.badge.className = 'badge ' + (live ? 'badge-live' : 'badge-replay');
    els.placeholder.textContent = live ? 'Waiting for the session\u2019s output…' : 'Loading the recording…';
    els.findHint.textContent = live ? 'What the operator typed or saw so far: Enter lists the hits, select one to go back there.'
      : 'What the operator typed or saw: Enter lists the hits, select one to go there.';
    els.commandsHint.textContent = live ? 'What the operator runs appears here: select one to go back to it.'
      : kind === 'play' ? 'The recording\u2019s commands appear as it plays: select one to go back to it.' : '';
    updateTime(0, 0);
  }
  renderSessions();
}

function showScreen(which) {
  els.placeholder.hidden = true;
  (which === 'terminal' ? els.terminal : els.frames).hidden = false;
  if (which === 'terminal') fitFont();
}

function clearScreen() {
  term.reset();
  const c = els.frames;
  c.getContext('2d').clearRect(0, 0, c.width, c.height);
}

// ---- command lists ----
async function loadCommands(me) {
  try {
    const r = await fetch('/api/commands?session=' + encodeURIComponent(me.session.sid), { cache: 'no-store' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const m = await r.json();
    if (shown !== me) return;
    els.commandsHint.textContent = m.commands.length ? 'Select a command to jump to it.' : 'No input events in this recording.';
    m.commands.forEach((c) => addCommand(c.offsetMs, c.text));
    const more = (m.total || 0) - m.commands.length;   // the server lists the first ones only
    if (more > 0) els.commands.append(el('li', 'command-more', more + ' more input events not listed'));
  } catch (e) {
    if (shown === me) els.commandsHint.textContent = 'The command list could not be loaded (' + (e.message || e) + ').';
  }
}

// An input event as it arrives: listed once (a seek back sends what came before again), seekable.
function addLiveCommand(me, r) {
  const text = new TextDecoder().decode(r.content);
  const key = r.timestamp + ':' + text;
  if (me.seen.has(key) || me.seen.size > 5000) return;
  me.seen.add(key);
  addCommand(Math.max(0, r.timestamp - me.t0), printable(text));
  els.commands.scrollTop = els.commands.scrollHeight;
}

function addCommand(offsetMs, text) {
  const li = document.createElement('li');
  const item = el('button', 'command', undefined, { type: 'button', 'aria-label': 'Jump to ' + formatTime(offsetMs) + ': ' + text });
  item.dataset.offset = String(offsetMs);
  item.addEventListener('click', () => seekTo(offsetMs));
  item.append(el('span', 'at', formatTime(offsetMs)), el('span', 'text', text));
  li.append(item);
  els.commands.append(li);
}

// Keystrokes such as Esc show as <Esc>, other C0 controls as ^X; anything that would reorder, hide or fake
// the text around it (bidi controls such as U+202E, other format and control characters, separators, lone
// surrogates) shows as a visible escape, ⟨U+202E⟩. The server does the same to a replay's command list
// (Printable.java).
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]|\p{Cs}/gu;
function printable(text) {
  return text.slice(0, 256).replace(/\u001b/g, '<Esc>').replace(/\r/g, '<Enter>')
    .replace(/[\u0000-\u001f]/g, (ch) => '^' + String.fromCharCode(ch.charCodeAt(0) + 64))
    .replace(/\u007f/g, '^?')
    .replace(HIDDEN, (ch) => '\u27e8U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + '\u27e9');
}

// ---- notices ----
// The one end notice of a view: code 3 = the C server ended (END) or refused (REFUSED); code 5 = anything
// else, with the configured text (会话已结束！ by default). A replay ends with END at the end of the recording.
const REASONS = {
  CLOSED: 'the C server closed the connection', TRUNCATED: 'the C server stopped in the middle of a record',
  CONNECT_FAILED: 'the C server could not be reached', IO_ERROR: 'the connection to the C server failed',
  PROTOCOL_ERROR: 'the C server sent data the console does not understand', CLIENT_TOO_SLOW: 'this browser could not keep up',
  IDLE_TIMEOUT: 'nothing arrived for too long', FORBIDDEN: 'you may not watch this session', SHUTDOWN: 'the console server is shutting down',
};
function onNotice(me, n) {
  const end = me.durationMs ?? position();
  me.ended = { at: end };
  setPlaying(false);
  els.liveEdge.hidden = true;
  els.goLive.hidden = true;
  if (me.kind !== 'watch' && n.reason === 'END') {   // playback reached the end of the recording
    if (end) { els.seek.max = String(end); els.seek.value = String(end); updateTime(end, end); }
    showBanner('End of the recording. Press Play to watch it again.', 'banner-info');
    return;
  }
  if (me.kind === 'watch') setFindable(false);   // a live session that ended cannot be opened again to search
  els.screen.classList.add('ended');
  els.badge.textContent = 'ended';
  els.badge.className = 'badge badge-ended';
  if (n.code === 3 && n.reason === 'END') {
    showBanner('Session finished.', 'banner-end');
  } else if (n.code === 3) {
    showBanner('The C server refused: session ' + me.session.sid + ' is not available (it may have ended).', 'banner-end');
  } else {
    showBanner(n.text + ' — ' + (REASONS[n.reason] || n.reason) + ' (' + n.reason + ')', 'banner-error');
  }
  if (els.placeholder.hidden === false) els.placeholder.textContent = 'No output.';
  loadSessions();
}

// ---- playback controls ----
function onClock(c) {
  if (c.durationMs != null) shown.durationMs = c.durationMs;
  setPlaying(!c.paused);
  els.speed.value = String(c.speed);
  const liveStream = c.live && c.durationMs == null;   // a timeline whose C stream goes on
  els.liveEdge.hidden = !liveStream;
  els.goLive.hidden = !liveStream;
  els.liveEdge.textContent = c.atLiveEdge ? '● LIVE' : c.paused ? 'paused · behind live' : 'behind live';
  els.liveEdge.className = 'badge ' + (c.atLiveEdge ? 'badge-edge' : 'badge-behind');
  els.goLive.disabled = c.atLiveEdge;
  if (!els.banner.classList.contains('banner-error')) hideBanner();
  tick();
}
function setPlaying(playing) {
  els.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  els.play.querySelector('.icon-pause').toggleAttribute('hidden', !playing);
  els.play.querySelector('.icon-play').toggleAttribute('hidden', playing);
  els.play.querySelector('.play-text').textContent = playing ? 'Pause' : 'Play';
}
function position() {
  const v = shown.view;
  return v ? v.position() || 0 : 0;
}
// What the seek bar spans: the recording, or what has arrived of a live timeline.
function span() {
  const c = shown.view && shown.view.clock;
  if (!c) return 0;
  if (c.durationMs != null) return c.durationMs;
  return Math.max(c.receivedMs, position());
}
function tick() {
  if (shown.kind === 'none' || !shown.view || !shown.view.clock || shown.ended) return;
  const at = position();
  const max = span();
  els.seek.max = String(Math.round(max));
  if (!seeking) els.seek.value = String(Math.round(at));
  updateTime(seeking ? Number(els.seek.value) : at, max);
  let current = null;
  for (const b of els.commands.querySelectorAll('button.command')) {
    if (Number(b.dataset.offset) <= at) current = b;
    b.removeAttribute('aria-current');
  }
  if (current) current.setAttribute('aria-current', 'true');
}
setInterval(tick, 250);
function updateTime(at, max) {
  const total = shown.durationMs != null || shown.kind === 'replay' ? formatTime(max) : formatTime(max) + ' received';
  els.time.textContent = formatTime(at) + ' / ' + total;
  els.seek.setAttribute('aria-valuetext', formatTime(at) + ' of ' + total);
}
function formatTime(ms) {
  const s = Math.floor(ms / 1000);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

// A control on the view shown; after the end of a recording the recording opens again (paused there first).
function seekTo(ms) {
  if (shown.kind === 'none') return;
  if (shown.ended) {
    if (shown.kind === 'watch') return;
    open(shown.kind, shown.session, { paused: true, seekTo: ms, thenPlay: true });
    return;
  }
  shown.view.seek(ms);
}
els.play.addEventListener('click', () => {
  if (shown.kind === 'none') return;
  if (shown.ended) {
    if (shown.kind !== 'watch') open(shown.kind, shown.session);
    return;
  }
  const c = shown.view.clock;
  if (c && !c.paused) shown.view.pause(); else shown.view.resume();
});
els.back.addEventListener('click', () => { if (shown.view && !shown.ended) shown.view.skip(-10000); });
els.forward.addEventListener('click', () => { if (shown.view && !shown.ended) shown.view.skip(10000); });
els.goLive.addEventListener('click', () => { if (shown.view && !shown.ended) shown.view.live(); });
els.speed.addEventListener('change', () => { if (shown.view && !shown.ended) shown.view.speed(Number(els.speed.value)); });
els.seek.addEventListener('pointerdown', () => { seeking = true; });
els.seek.addEventListener('input', () => updateTime(Number(els.seek.value), Number(els.seek.max)));
els.seek.addEventListener('change', () => { seeking = false; seekTo(Number(els.seek.value)); });
els.closeView.addEventListener('click', () => { closeShown(); finder.search(''); resetViewer('none'); });

// ---- search ----
// One search box for whichever view is shown: session-bridge.js's searchBox sets every excerpt as text (session
// content is the operator's: never HTML) and marks the match. A search of a recording whose playback has ended
// opens it again, paused at the end, and searches that; a hit seeks the view as the seek bar does.
const finder = searchBox({
  search(query, options) {
    const before = shown.view;
    if (shown.ended && shown.kind !== 'watch') {
      open(shown.kind, shown.session, { paused: true, seekTo: shown.ended.at });
    }
    // not reopened (no connection: a toast says so): the ended view answers, its search stopped at once
    return (shown.view || before).search(query, options);
  },
  seek: (ms) => seekTo(ms),
}, els.find, { placeholder: 'Find typed or shown text', maxHits: 200 });
const findInput = finder.element.querySelector('input');
const findButton = finder.element.querySelector('button[type=submit]');
findInput.id = 'find-query';
findButton.classList.add('btn');
function setFindable(on) {
  findInput.disabled = !on;
  findButton.disabled = !on;
  if (!on) els.findHint.textContent = 'The session has ended: replay its recording to search it.';
}
els.refresh.addEventListener('click', loadSessions);

// ---- kicking ----
function askKick(s) {
  kickTarget = s;
  els.kickText.textContent = 'Session ' + s.sid + ' (' + s.ops + ', ' + s.user + '@' + s.host + ') will be terminated on the '
    + 'bastion host. Everyone watching it sees it end.';
  els.kickReason.value = '';
  els.kickDialog.returnValue = '';
  els.kickDialog.showModal();
}
els.kickDialog.addEventListener('close', () => {
  const s = kickTarget;
  kickTarget = null;
  if (els.kickDialog.returnValue !== 'kick' || !s) return;
  const waiting = toast('Kicking ' + s.sid + '…', 'Waiting for the C server to answer.', 'toast');
  client.kick(s.ops, s.sid, els.kickReason.value.trim() || undefined).then((m) => {
    waiting.remove();
    if (m.status === 'KICKED') toast('Session ' + s.sid + ' kicked', 'The C server terminated the session.', 'toast-ok');
    else if (m.status === 'REFUSED') toast('Kick of ' + s.sid + ' refused', 'The C server refused: the session is not live.', 'toast-warn');
    else toast('Kick of ' + s.sid + ' failed', m.reason + ': ' + m.detail, 'toast-bad');
    loadSessions();
  }, (e) => {
    waiting.remove();
    toast('Kick of ' + s.sid + ' failed', e.message + ' (' + e.code + ')', 'toast-bad');
  });
});

// ---- messages ----
function showBanner(text, cls) {
  els.banner.textContent = text;
  els.banner.className = 'banner ' + cls;
  els.banner.hidden = false;
}
function hideBanner() {
  els.banner.hidden = true;
  els.banner.className = 'banner';
}
function toast(title, text, cls) {
  const t = el('div', 'toast ' + cls);
  t.append(el('strong', '', title), el('span', '', text));
  els.toasts.append(t);
  while (els.toasts.children.length > 4) els.toasts.firstChild.remove();
  setTimeout(() => t.remove(), 12000);
  return t;
}

fitFont();
loadSessions();
client.connect().catch((e) => toast('The console server refused this page', e.message, 'toast-bad'));
