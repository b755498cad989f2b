// The example console's page: one WebSocket to the Java host (ConsoleConnection.java documents the
// protocol). Text frames are JSON messages; binary frames are session records in C-link wire form
// (type byte, 4-byte length, 8-byte timestamp, content), drawn into xterm.js ('d') or a canvas ('v').
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const els = {
    link: $('link'), cServer: $('c-server'), operator: $('operator'), refresh: $('refresh'),
    tbody: document.querySelector('#sessions tbody'), count: $('session-count'),
    viewer: $('viewer'), title: $('viewer-title'), badge: $('view-badge'), detail: $('view-detail'),
    closeView: $('close-view'), banner: $('banner'), screen: $('screen'), placeholder: $('placeholder'),
    terminal: $('terminal'), frames: $('frames'), controls: $('replay-controls'), play: $('play'),
    speed: $('speed'), seek: $('seek'), time: $('time'), commandsPanel: $('commands-panel'),
    commandsHint: $('commands-hint'), commands: $('commands'), toasts: $('toasts'),
    kickDialog: $('kick-dialog'), kickText: $('kick-text'),
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
  let ws = null;
  let sessions = [];
  let view = { kind: 'none' };       // what the viewer shows: {kind, sid, ops, user, host, ...}
  let clock = null;                  // replay: {offsetMs, speed, paused, at}
  let seeking = false;               // the operator is dragging the seek bar
  let frameChain = Promise.resolve();// screen frames decode asynchronously but are drawn in order
  let generation = 0;                // bumped on every clear: frames of an older screen are dropped
  let kickTarget = null;
  const kickToasts = new Map();      // sid -> the "kicking…" notification, replaced by the outcome

  // ---- the connection ----
  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    ws = new WebSocket(scheme + location.host + '/ws');
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => setLink('connected', 'pill-ok');
    ws.onclose = () => {
      setLink('disconnected — retrying', 'pill-bad');
      if (view.kind === 'watch') showBanner('The connection to the console server was lost.', 'banner-error');
      setTimeout(connect, 2000);
    };
    ws.onmessage = (e) => (typeof e.data === 'string' ? onMessage(JSON.parse(e.data)) : onRecord(e.data));
  }
  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }
  setInterval(() => send({ op: 'ping' }), 30000);
  function setLink(text, cls) {
    els.link.textContent = text;
    els.link.className = 'pill ' + cls;
  }

  function onMessage(m) {
    switch (m.type) {
      case 'hello':
        els.cServer.textContent = m.cServer;
        els.operator.textContent = 'signed in as ' + m.operator;
        break;
      case 'sessions': sessions = m.sessions; renderSessions(); break;
      case 'view': startView(m); break;
      case 'notice': onNotice(m); break;
      case 'clock': onClock(m); break;
      case 'kick': onKick(m); break;
      case 'error': toast('Error', m.message, 'toast-bad'); break;
    }
  }

  // ---- records ----
  const utf8 = new TextDecoder();
  function onRecord(buffer) {
    const dv = new DataView(buffer);
    const type = String.fromCharCode(dv.getUint8(0));
    const length = dv.getUint32(1);           // timestamp + content
    const ts = Number(dv.getBigInt64(5));
    const content = new Uint8Array(buffer, 13, length - 8);
    if (type === 'd') {
      showScreen('terminal');
      term.write(content);                    // xterm keeps a character cut between records whole
    } else if (type === 'v') {
      showScreen('frames');
      drawFrame(dv.getUint16(13), dv.getUint16(15), dv.getUint16(17), dv.getUint16(19), new Uint8Array(buffer, 21, length - 16));
    } else if (type === 'i' && view.kind === 'watch') {
      addCommand({ ts, text: utf8.decode(content) }, false);
    }
  }

  function drawFrame(x, y, width, height, image) {
    const g = generation;
    const mime = image[0] === 0xff ? 'image/jpeg' : 'image/png';
    frameChain = frameChain
      .then(() => createImageBitmap(new Blob([image], { type: mime })))
      .then((bitmap) => {
        if (g !== generation) return;
        const c = els.frames;
        if (x + width > c.width || y + height > c.height) {   // grow the screen, keeping what is drawn
          const old = document.createElement('canvas');
          old.width = c.width; old.height = c.height;
          old.getContext('2d').drawImage(c, 0, 0);
          c.width = Math.max(c.width, x + width); c.height = Math.max(c.height, y + height);
          c.getContext('2d').drawImage(old, 0, 0);
        }
        c.getContext('2d').drawImage(bitmap, x, y, width, height);
      })
      .catch((e) => console.warn('screen frame not drawn', e));
  }

  function showScreen(which) {
    els.placeholder.hidden = true;
    (which === 'terminal' ? els.terminal : els.frames).hidden = false;
    if (which === 'terminal') fitFont();
  }

  function clearScreen() {
    generation++;
    term.reset();
    const c = els.frames;
    c.getContext('2d').clearRect(0, 0, c.width, c.height);
  }

  // ---- views ----
  function startView(m) {
    view = m;
    clock = null;
    clearScreen();
    els.terminal.hidden = true;
    els.frames.hidden = true;
    els.placeholder.hidden = false;
    els.screen.classList.remove('ended');
    hideBanner();
    els.commands.replaceChildren();
    const replay = m.kind === 'replay';
    els.controls.hidden = !replay;
    els.commandsPanel.hidden = m.kind === 'none';
    els.viewer.querySelector('.viewer-body').classList.toggle('no-commands', m.kind === 'none');
    els.closeView.hidden = m.kind === 'none';
    els.badge.hidden = m.kind === 'none';
    if (m.kind === 'none') {
      els.title.textContent = 'Viewer';
      els.detail.textContent = '';
      els.placeholder.innerHTML = 'Choose <strong>Watch</strong> to follow a live session, or <strong>Replay</strong> to play a recording.';
    } else {
      els.title.textContent = (replay ? 'Replay · ' : 'Live · ') + m.sid;
      els.detail.textContent = m.ops + ' · ' + m.user + '@' + m.host;
      els.badge.textContent = replay ? 'recording' : 'live';
      els.badge.className = 'badge ' + (replay ? 'badge-replay' : 'badge-live');
      els.placeholder.textContent = replay ? 'Loading the recording…' : 'Waiting for the session\u2019s output…';
    }
    if (replay) {
      els.seek.max = String(m.durationMs);
      els.seek.value = '0';
      els.commandsHint.textContent = m.commands.length ? 'Select a command to jump to it.' : 'No input events in this recording.';
      m.commands.forEach((c) => addCommand(c, true));
      const more = (m.commandsTotal || 0) - m.commands.length;   // the server lists the first ones only
      if (more > 0) {
        const li = el('li', 'command-more', more + ' more input events not listed');
        els.commands.append(li);
      }
      updateTime(0);
    } else if (m.kind === 'watch') {
      els.commandsHint.textContent = 'What the operator runs appears here.';
    }
    renderSessions();
  }

  function addCommand(c, seekable) {
    const li = document.createElement('li');
    const item = document.createElement(seekable ? 'button' : 'div');
    item.className = 'command';
    if (seekable) {
      item.type = 'button';
      item.dataset.offset = String(c.offsetMs);
      item.setAttribute('aria-label', 'Jump to ' + formatTime(c.offsetMs) + ': ' + printable(c.text));
      item.addEventListener('click', () => send({ op: 'seek', offsetMs: c.offsetMs }));
    }
    const at = document.createElement('span');
    at.className = 'at';
    at.textContent = seekable ? formatTime(c.offsetMs) : new Date(c.ts).toTimeString().slice(0, 8);
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = printable(c.text);
    item.append(at, text);
    li.append(item);
    els.commands.append(li);
    if (!seekable) els.commandsPanel.scrollTop = els.commandsPanel.scrollHeight;
  }

  // Keystrokes such as Esc show as <Esc>, other C0 controls as ^X; anything that would reorder, hide or fake
  // the text around it (bidi controls such as U+202E, other format and control characters, separators, lone
  // surrogates) shows as a visible escape, ⟨U+202E⟩. The server does the same to a replay's command list
  // (Printable.java).
  const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]|\p{Cs}/gu;
  function printable(text) {
    return text.replace(/\u001b/g, '<Esc>').replace(/\r/g, '<Enter>')
      .replace(/[\u0000-\u001f]/g, (ch) => '^' + String.fromCharCode(ch.charCodeAt(0) + 64))
      .replace(/\u007f/g, '^?')
      .replace(HIDDEN, (ch) => '\u27e8U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + '\u27e9');
  }

  // The one end notice of a view: code 3 = the C server ended (END) or refused (REFUSED); code 5 = anything
  // else, with the configured text (会话已结束！ by default). A replay ends with END at the end of the recording.
  const REASONS = {
    CLOSED: 'the C server closed the connection', TRUNCATED: 'the C server stopped in the middle of a record',
    CONNECT_FAILED: 'the C server could not be reached', IO_ERROR: 'the connection to the C server failed',
    PROTOCOL_ERROR: 'the C server sent data the console does not understand', CLIENT_TOO_SLOW: 'this browser could not keep up',
    IDLE_TIMEOUT: 'nothing arrived for too long', FORBIDDEN: 'you may not watch this session', SHUTDOWN: 'the console server is shutting down',
  };
  function onNotice(m) {
    if (view.kind === 'replay' && m.reason === 'END') {   // the player reached the end of the recording
      onClock({ offsetMs: view.durationMs, speed: clock ? clock.speed : 1, paused: true });
      showBanner('End of the recording. Press Play to watch it again.', 'banner-info');
      return;
    }
    els.screen.classList.add('ended');
    els.badge.textContent = 'ended';
    els.badge.className = 'badge badge-ended';
    if (m.code === 3 && m.reason === 'END') {
      showBanner('Session finished.', 'banner-end');
    } else if (m.code === 3) {
      showBanner('The C server refused: session ' + m.sid + ' is not available (it may have ended).', 'banner-end');
    } else {
      showBanner(m.text + ' — ' + (REASONS[m.reason] || m.reason) + ' (' + m.reason + ')', 'banner-error');
    }
    if (els.placeholder.hidden === false) els.placeholder.textContent = 'No output.';
  }

  // ---- replay controls ----
  function onClock(m) {
    clock = { ...m, at: performance.now() };
    const playing = !m.paused;
    els.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    els.play.querySelector('.icon-pause').toggleAttribute('hidden', !playing);
    els.play.querySelector('.icon-play').toggleAttribute('hidden', playing);
    els.play.querySelector('.play-text').textContent = playing ? 'Pause' : 'Play';
    els.speed.value = String(m.speed);
    hideBanner();
    tick();
  }
  function position() {
    if (!clock) return 0;
    const moved = clock.paused ? 0 : (performance.now() - clock.at) * clock.speed;
    return Math.min(clock.offsetMs + moved, view.durationMs || 0);
  }
  function tick() {
    if (view.kind !== 'replay' || !clock) return;
    const at = position();
    if (!seeking) els.seek.value = String(Math.round(at));
    updateTime(seeking ? Number(els.seek.value) : at);
    let current = null;
    for (const b of els.commands.querySelectorAll('button.command')) {
      if (Number(b.dataset.offset) <= at) current = b;
      b.removeAttribute('aria-current');
    }
    if (current) current.setAttribute('aria-current', 'true');
  }
  setInterval(tick, 250);
  function updateTime(at) {
    const text = formatTime(at) + ' / ' + formatTime(view.durationMs || 0);
    els.time.textContent = text;
    els.seek.setAttribute('aria-valuetext', formatTime(at) + ' of ' + formatTime(view.durationMs || 0));
  }
  function formatTime(ms) {
    const s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  els.play.addEventListener('click', () => send({ op: clock && !clock.paused ? 'pause' : 'play' }));
  els.speed.addEventListener('change', () => send({ op: 'speed', value: Number(els.speed.value) }));
  els.seek.addEventListener('pointerdown', () => { seeking = true; });
  els.seek.addEventListener('input', () => updateTime(Number(els.seek.value)));
  els.seek.addEventListener('change', () => { seeking = false; send({ op: 'seek', offsetMs: Number(els.seek.value) }); });
  els.closeView.addEventListener('click', () => send({ op: 'stop' }));
  els.refresh.addEventListener('click', () => send({ op: 'list' }));

  // ---- the session list ----
  function renderSessions() {
    els.count.textContent = sessions.filter((s) => s.live).length + ' live · ' + sessions.length + ' in all';
    els.tbody.replaceChildren(...sessions.map(sessionRow));
  }
  function sessionRow(s) {
    const tr = document.createElement('tr');
    tr.dataset.sid = s.sid;
    if (view.sid === s.sid && view.kind !== 'none') tr.classList.add('selected');
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
    return span;
  }
  function actions(s) {
    const td = document.createElement('td');
    const box = el('div', 'actions');
    box.append(
      button('Watch', 'btn', 'Watch session ' + s.sid + ' live', !s.live, () => send({ op: 'watch', sid: s.sid })),
      button('Kick', 'btn btn-danger', 'Kick session ' + s.sid, !s.live, () => askKick(s)),
      button('Replay', 'btn', 'Replay the recording of session ' + s.sid, !s.recording, () => send({ op: 'replay', sid: s.sid })));
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

  // ---- kicking ----
  function askKick(s) {
    kickTarget = s;
    els.kickText.textContent = 'Session ' + s.sid + ' (' + s.ops + ', ' + s.user + '@' + s.host + ') will be terminated on the '
      + 'bastion host. Everyone watching it sees it end.';
    els.kickDialog.returnValue = '';
    els.kickDialog.showModal();
  }
  els.kickDialog.addEventListener('close', () => {
    if (els.kickDialog.returnValue === 'kick' && kickTarget) {
      send({ op: 'kick', sid: kickTarget.sid });
      kickToasts.set(kickTarget.sid, toast('Kicking ' + kickTarget.sid + '…', 'Waiting for the C server to answer.', 'toast'));
    }
    kickTarget = null;
  });
  function onKick(m) {
    kickToasts.get(m.sid)?.remove();
    kickToasts.delete(m.sid);
    if (m.status === 'KICKED') toast('Session ' + m.sid + ' kicked', 'The C server terminated the session.', 'toast-ok');
    else if (m.status === 'REFUSED') toast('Kick of ' + m.sid + ' refused', 'The C server refused: the session is not live.', 'toast-warn');
    else toast('Kick of ' + m.sid + ' failed', m.reason + ': ' + m.detail, 'toast-bad');
  }

  // ---- messages ----
  function showBanner(text, cls) {
    els.banner.textContent = text;
    els.banner.className = 'banner ' + cls;
    els.banner.hidden = false;
  }
  function hideBanner() {
    els.banner.hidden = true;
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
  connect();
})();
