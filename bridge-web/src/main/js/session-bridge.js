// Over 400 lines: one ES module a page imports from the WebJar as it is, with no bundler; its parts are the
// frame decoder, View and Search, the client (connection, requests, reconnect) and the attach helpers, each
// a section of its own below.
// session-bridge.js: the browser client of bridge-web (docs/browser-protocol.md, version 1). An ES module, no
// framework, no dependencies. Types: session-bridge.d.ts.
//
//   import { SessionBridgeClient, attachTerminal } from '/webjars/session-bridge/VERSION/session-bridge.js';
//   const client = new SessionBridgeClient('wss://' + location.host + '/session-bridge');
//   await client.connect();
//   const view = client.watch('SSH', 's-42');
//   attachTerminal(view, term);                         // a host-provided xterm.js Terminal
//   view.addEventListener('notice', (e) => show(e.detail.text));
//   const outcome = await client.kick('SSH', 's-42', 'ran a forbidden command');
//   const replay = client.replay('s-42.rec');
//   searchBox(replay, document.getElementById('find'));   // lists hits of a search; a click seeks to one

export const PROTOCOL_VERSION = 1;
export const CLIENT = 'session-bridge.js/1';

const FATAL_CLOSES = new Set([1002, 1008, 1009]);   // the server refused this client: reconnecting will not help

/** A failure the server reported: `code` is one of the protocol's error codes. */
export class BridgeError extends Error {
  constructor(code, message, detail) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.detail = detail || {};
  }
}

/** Decodes one binary frame: the view number and the record in its C-link wire form. */
export function decodeFrame(buffer) {
  const dv = new DataView(buffer);
  if (buffer.byteLength < 17) throw new BridgeError('MALFORMED', 'a record frame has at least 17 bytes');
  const view = dv.getUint32(0);
  const type = String.fromCharCode(dv.getUint8(4));
  const length = dv.getUint32(5);
  if (length < 8 || 9 + length > buffer.byteLength) throw new BridgeError('MALFORMED', 'bad record length ' + length);
  const timestamp = Number(dv.getBigInt64(9));
  const content = new Uint8Array(buffer, 17, length - 8);
  const record = { type, timestamp, content };
  if (type === 'v' && content.length >= 8) {
    record.x = dv.getUint16(17);
    record.y = dv.getUint16(19);
    record.width = dv.getUint16(21);
    record.height = dv.getUint16(23);
    record.image = new Uint8Array(buffer, 25, length - 16);
  }
  return { view, record };
}

/**
 * One view of a connection: a live session, a replay or a timeline. Events: `record` (detail: the record),
 * `clock` (detail: the clock message), `notice` (detail: {code, reason, text}), `error` (detail: BridgeError),
 * `end` (detail: {notice, lost}: once, when the view is over for any reason).
 */
export class View extends EventTarget {
  constructor(client, id, kind) {
    super();
    this.client = client;
    this.id = id;
    this.kind = kind;
    this.open = true;
    this.clock = null;      // the last clock message, with `at` (performance.now() when it arrived)
    this.notice = null;
    this._search = null;    // the search running, if any
  }

  /** Where the playback is now: the last clock moved on at its speed unless paused; null before the first. */
  position() {
    const c = this.clock;
    if (!c) return null;
    if (c.paused) return c.positionMs;
    const now = c.positionMs + (performance.now() - c.at) * c.speed;
    return c.durationMs == null ? now : Math.min(now, c.durationMs);
  }

  pause() { this._control({ op: 'pause' }); }
  resume() { this._control({ op: 'resume' }); }
  speed(value) { this._control({ op: 'speed', value }); }
  seek(positionMs) { this._control({ op: 'seek', positionMs: Math.max(0, Math.round(positionMs)) }); }
  skip(deltaMs) { this._control({ op: 'skip', deltaMs: Math.round(deltaMs) }); }
  live() { this._control({ op: 'live' }); }

  /**
   * Searches this replay or timeline (of a timeline: what it has received so far) for `query`: plain text, or
   * a regular expression with `{regex: true}`; case-insensitive unless `{matchCase: true}`; at most
   * `{maxHits}` hits (default 100, at most 1000). Returns a Search; a new search of the view cancels the one
   * before. Each hit's `positionMs` is where `seek` shows it.
   */
  search(query, options = {}) {
    if (this._search) this._search.cancel();
    const s = new Search(this, this.client._nextSearch++, query);
    this._search = s;
    const request = { op: 'search', view: this.id, search: s.number, query };
    if (options.regex) request.regex = true;
    if (options.matchCase) request.matchCase = true;
    if (options.maxHits != null) request.maxHits = options.maxHits;
    if (this.open) this.client._send(request); else s._done({ hits: 0, limitReached: false, cancelled: true, error: null });
    return s;
  }

  /** Leaves the view: nothing more of it arrives; no notice. */
  close() {
    if (!this.open) return;
    this.client._send({ op: 'close', view: this.id });
    this._end(null, false);
  }

  _control(request) {
    if (this.open) this.client._send({ ...request, view: this.id });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _end(notice, lost) {
    if (!this.open) return;
    this.open = false;
    if (this._search) this._search._done({ hits: this._search.hits.length, limitReached: false, cancelled: true, error: null });
    this.notice = notice;
    this.client._views.delete(this.id);
    this._emit('end', { notice, lost });
  }
}

/**
 * One search of a view (View.search). Events: `hit` (detail: {positionMs, source ('o' output, 'i' input),
 * excerpt, matchStart, matchEnd}: the match is excerpt.slice(matchStart, matchEnd)), `done` (detail: {hits,
 * limitReached, cancelled, error}: once). `hits` lists the hits so far; `finished` is a promise of the done
 * detail. Excerpts are session content: hostile, show them as text.
 */
export class Search extends EventTarget {
  constructor(view, number, query) {
    super();
    this.view = view;
    this.number = number;
    this.query = query;
    this.hits = [];
    this.result = null;
    this.finished = new Promise((resolve) => { this._resolve = resolve; });
  }

  /** Stops the search: no more hits; `done` says cancelled. */
  cancel() {
    if (this.result) return;
    if (this.view.open) this.view.client._send({ op: 'cancelSearch', view: this.view.id });
    this._done({ hits: this.hits.length, limitReached: false, cancelled: true, error: null });
  }

  _hit(m) {
    if (this.result) return;
    const hit = { positionMs: m.positionMs, source: m.source, excerpt: m.excerpt, matchStart: m.matchStart, matchEnd: m.matchEnd };
    this.hits.push(hit);
    this.dispatchEvent(new CustomEvent('hit', { detail: hit }));
  }

  _done(detail) {
    if (this.result) return;
    this.result = detail;
    if (this.view._search === this) this.view._search = null;
    this.dispatchEvent(new CustomEvent('done', { detail }));
    this._resolve(detail);
  }
}

/**
 * One browser connection to a bridge-web server, with reconnection. Events: `state` (detail: {state}),
 * `hello` (detail: the server's hello), `error` (detail: BridgeError, errors not about a request or a view),
 * `close` (detail: {code, reason}).
 *
 * States: `idle`, `connecting`, `open`, `reconnecting` (the socket dropped; views open then have ended with
 * `lost`), `closed` (by close(), or the server refused this client: version, origin, limits).
 */
export class SessionBridgeClient extends EventTarget {
  constructor(url, options = {}) {
    super();
    this.url = url;
    this.options = { reconnect: true, reconnectDelayMs: 1000, maxReconnectDelayMs: 30000, pingMs: 30000, ...options };
    this.state = 'idle';
    this.hello = null;
    this._views = new Map();
    this._pending = new Map();   // request id -> {resolve, reject}
    this._nextView = 1;
    this._nextId = 1;
    this._nextSearch = 1;
    this._ws = null;
    this._attempt = 0;
    this._ready = null;
    this._timer = null;
  }

  /** Opens the connection; resolves with the server's hello, rejects if the server refuses this client. */
  connect() {
    if (this.state === 'open') return Promise.resolve(this.hello);
    if (!this._ready) {
      this._ready = new Promise((resolve, reject) => { this._readyFns = { resolve, reject }; });
      this._open();
    }
    return this._ready;
  }

  /** Shows session `session` of operations type `ops` live. */
  watch(ops, session) {
    return this._view('watch', { op: 'watch', ops, session });
  }

  /** Plays the recording the host names `recording`; options: {speed, paused}. */
  replay(recording, options = {}) {
    return this._view('replay', { op: 'replay', recording, ...options });
  }

  /** Plays a timeline of session `session` served by the C server; options: {speed, paused}. */
  play(ops, session, options = {}) {
    return this._view('play', { op: 'play', ops, session, ...options });
  }

  /** Kicks session `session`; resolves with {status, reason, detail}; rejects with a BridgeError. */
  kick(ops, session, reason) {
    const request = { op: 'kick', ops, session };
    if (reason) request.reason = reason;
    return this._request(request);
  }

  /** Closes the connection for good: views end, no reconnection. */
  close() {
    this._setState('closed');
    clearTimeout(this._timer);
    clearInterval(this._ping);
    this._endViews(true);
    if (this._ws) this._ws.close(1000, 'bye');
  }

  _view(kind, request) {
    if (this.state !== 'open') throw new BridgeError('NOT_READY', 'the connection is ' + this.state);
    const id = this._nextView++;
    const view = new View(this, id, kind);
    this._views.set(id, view);
    this._send({ ...request, view: id });
    return view;
  }

  _request(request) {
    if (this.state !== 'open') return Promise.reject(new BridgeError('NOT_READY', 'the connection is ' + this.state));
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      this._send({ ...request, id });
    });
  }

  _send(message) {
    if (this._ws && this._ws.readyState === WebSocket.OPEN) this._ws.send(JSON.stringify(message));
  }

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state } }));
  }

  _open() {
    this._setState(this._attempt === 0 ? 'connecting' : 'reconnecting');
    const Ws = this.options.WebSocket || WebSocket;
    const ws = new Ws(this.url);
    this._ws = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => ws.send(JSON.stringify({ op: 'hello', version: PROTOCOL_VERSION, client: CLIENT }));
    ws.onmessage = (e) => (typeof e.data === 'string' ? this._onMessage(e.data) : this._onRecord(e.data));
    ws.onclose = (e) => this._onClose(ws, e.code, e.reason);
  }

  _onMessage(text) {
    let m;
    try {
      m = JSON.parse(text);
    } catch (e) {
      return;   // not ours to guess at
    }
    const view = m.view != null ? this._views.get(m.view) : undefined;
    switch (m.type) {
      case 'hello':
        this.hello = m;
        this._attempt = 0;
        this._setState('open');
        clearInterval(this._ping);
        if (this.options.pingMs > 0) this._ping = setInterval(() => this._send({ op: 'ping' }), this.options.pingMs);
        this.dispatchEvent(new CustomEvent('hello', { detail: m }));
        if (this._readyFns) { this._readyFns.resolve(m); this._readyFns = null; }
        break;
      case 'clock':
        if (view) { view.clock = { ...m, at: performance.now() }; view._emit('clock', view.clock); }
        break;
      case 'notice':
        if (view) {
          const notice = { code: m.code, reason: m.reason, text: m.text };
          view._emit('notice', notice);
          view._end(notice, false);
        }
        break;
      case 'opened':
        if (view) view._emit('opened', m);
        break;
      case 'hit':
        if (view && view._search && view._search.number === m.search) view._search._hit(m);
        break;
      case 'searched':
        if (view && view._search && view._search.number === m.search) {
          view._search._done({ hits: m.hits, limitReached: m.limitReached, cancelled: m.cancelled, error: m.error });
        }
        break;
      case 'kicked':
        this._answer(m.id, (p) => p.resolve({ status: m.status, reason: m.reason, detail: m.detail, ops: m.ops, session: m.session }));
        break;
      case 'pong':
        this._answer(m.id, (p) => p.resolve());
        break;
      case 'error': {
        const error = new BridgeError(m.code, m.message, m);
        if (m.id != null && this._pending.has(m.id)) {
          this._answer(m.id, (p) => p.reject(error));
        } else if (view) {
          view._emit('error', error);   // an error names a view only when that view did not open
          view._end(null, false);
        } else {
          if (this._readyFns && (m.code === 'VERSION' || m.code === 'FORBIDDEN')) {
            this._readyFns.reject(error);
            this._readyFns = null;
          }
          this.dispatchEvent(new CustomEvent('error', { detail: error }));
        }
        break;
      }
      default:
        break;   // a newer server's message: ignored
    }
  }

  _answer(id, fn) {
    const p = this._pending.get(id);
    if (p) { this._pending.delete(id); fn(p); }
  }

  _onRecord(buffer) {
    let frame;
    try {
      frame = decodeFrame(buffer);
    } catch (e) {
      this.dispatchEvent(new CustomEvent('error', { detail: e }));
      return;
    }
    const view = this._views.get(frame.view);
    if (view) view._emit('record', frame.record);
  }

  _endViews(lost) {
    for (const v of [...this._views.values()]) v._end(null, lost);
    const gone = new BridgeError('DISCONNECTED', 'the connection closed');
    for (const p of this._pending.values()) p.reject(gone);
    this._pending.clear();
  }

  _onClose(ws, code, reason) {
    if (ws !== this._ws) return;
    clearInterval(this._ping);
    this._endViews(true);
    this.dispatchEvent(new CustomEvent('close', { detail: { code, reason } }));
    if (this.state === 'closed') return;
    if (FATAL_CLOSES.has(code) || !this.options.reconnect) {
      this._setState('closed');
      if (this._readyFns) {
        this._readyFns.reject(new BridgeError('CLOSED', 'the server closed the connection (' + code + ' ' + reason + ')'));
        this._readyFns = null;
      }
      return;
    }
    this._attempt++;
    this._setState('reconnecting');
    const delay = Math.min(this.options.maxReconnectDelayMs, this.options.reconnectDelayMs * 2 ** (this._attempt - 1));
    this._timer = setTimeout(() => { if (this.state !== 'closed') this._open(); }, delay);
  }
}

/**
 * Writes a view's terminal data into a host-provided xterm.js Terminal. Bytes go to `term.write` as they came:
 * xterm decodes UTF-8 across writes, so a character cut between two records is drawn whole. Returns a function
 * that detaches it.
 */
export function attachTerminal(view, term) {
  const onRecord = (e) => { if (e.detail.type === 'd') term.write(e.detail.content); };
  view.addEventListener('record', onRecord);
  return () => view.removeEventListener('record', onRecord);
}

/**
 * Draws a view's screen frames onto a canvas at their (x, y), in order (decoding is asynchronous; a frame is
 * never drawn over a later one), growing the canvas to fit. Returns a function that detaches it.
 */
export function attachCanvas(view, canvas) {
  let chain = Promise.resolve();
  let detached = false;
  const onRecord = (e) => {
    const r = e.detail;
    if (r.type !== 'v' || !r.image) return;
    const type = r.image[0] === 0xff ? 'image/jpeg' : 'image/png';
    const blob = new Blob([r.image], { type });
    chain = chain.then(() => createImageBitmap(blob)).then((bitmap) => {
      if (detached) return;
      if (r.x + r.width > canvas.width || r.y + r.height > canvas.height) {
        const copy = document.createElement('canvas');
        copy.width = canvas.width; copy.height = canvas.height;
        copy.getContext('2d').drawImage(canvas, 0, 0);
        canvas.width = Math.max(canvas.width, r.x + r.width);
        canvas.height = Math.max(canvas.height, r.y + r.height);
        canvas.getContext('2d').drawImage(copy, 0, 0);
      }
      canvas.getContext('2d').drawImage(bitmap, r.x, r.y, r.width, r.height);
    }).catch((err) => view._emit('error', new BridgeError('BAD_FRAME', 'a screen frame could not be drawn: ' + err)));
  };
  view.addEventListener('record', onRecord);
  return () => { detached = true; view.removeEventListener('record', onRecord); };
}

/**
 * The input events of a view as a list: each {timestamp, text} (text decoded from UTF-8, as the operator typed it:
 * hostile, show it with care). `onEvent` is called for each. Returns the list, which grows as events arrive.
 */
export function inputEvents(view, onEvent) {
  const list = [];
  const utf8 = new TextDecoder();
  view.addEventListener('record', (e) => {
    if (e.detail.type !== 'i') return;
    const event = { timestamp: e.detail.timestamp, text: utf8.decode(e.detail.content) };
    list.push(event);
    if (onEvent) onEvent(event);
  });
  return list;
}

/** A position as the search box shows it: m:ss.mmm, or h:mm:ss.mmm from an hour. */
export function formatPosition(ms) {
  const total = Math.max(0, Math.floor(ms));
  const h = Math.floor(total / 3600000);
  const m = Math.floor(total / 60000) % 60;
  const s = Math.floor(total / 1000) % 60;
  const rest = String(total % 1000).padStart(3, '0');
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return (h > 0 ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0') + '.' + rest;
}

/**
 * A search box for a replay or timeline view, appended to `container`: a form (class `sb-search`) with a text
 * field, a search button, a status line and a list of hits (class `sb-search-hits`), each a button showing its
 * position, its source and its excerpt with the match marked; a click seeks the view there. Options:
 * {maxHits, regex, matchCase, placeholder, onSeek(hit)}. Excerpts are set as text, never as HTML. Returns
 * {element, search(query), destroy()}.
 */
export function searchBox(view, container, options = {}) {
  const doc = container.ownerDocument || document;
  const form = doc.createElement('form');
  form.className = 'sb-search';
  const input = doc.createElement('input');
  input.type = 'search';
  input.name = 'query';
  input.placeholder = options.placeholder || 'Find in the session';
  input.setAttribute('aria-label', input.placeholder);
  const button = doc.createElement('button');
  button.type = 'submit';
  button.textContent = 'Find';
  const status = doc.createElement('output');
  status.className = 'sb-search-status';
  const list = doc.createElement('ol');
  list.className = 'sb-search-hits';
  form.append(input, button, status, list);
  container.append(form);
  let current = null;

  const item = (hit) => {
    const li = doc.createElement('li');
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = 'sb-search-hit';
    b.dataset.positionMs = String(hit.positionMs);
    const at = doc.createElement('time');
    at.textContent = formatPosition(hit.positionMs);
    const source = doc.createElement('span');
    source.className = 'sb-search-source';
    source.textContent = hit.source === 'i' ? 'typed' : 'shown';
    const mark = doc.createElement('mark');
    mark.textContent = hit.excerpt.slice(hit.matchStart, hit.matchEnd);
    const excerpt = doc.createElement('span');
    excerpt.className = 'sb-search-excerpt';
    excerpt.append(hit.excerpt.slice(0, hit.matchStart), mark, hit.excerpt.slice(hit.matchEnd));
    b.append(at, ' ', source, ' ', excerpt);
    b.addEventListener('click', () => {
      view.seek(hit.positionMs);
      if (options.onSeek) options.onSeek(hit);
    });
    li.append(b);
    return li;
  };

  const search = (query) => {
    if (current) current.cancel();
    list.replaceChildren();
    current = null;
    if (!query) { status.textContent = ''; return null; }
    const s = view.search(query, { maxHits: options.maxHits, regex: options.regex, matchCase: options.matchCase });
    current = s;
    status.textContent = 'Searching…';
    s.addEventListener('hit', (e) => list.append(item(e.detail)));
    s.addEventListener('done', (e) => {
      const d = e.detail;
      if (current !== s) return;
      status.textContent = d.error ? 'Search failed: ' + d.error
        : (d.hits === 0 ? 'No hits' : d.hits + (d.hits === 1 ? ' hit' : ' hits')) + (d.limitReached ? ' (more not shown)' : '')
          + (d.cancelled ? ' (stopped)' : '');
    });
    return s;
  };

  form.addEventListener('submit', (e) => { e.preventDefault(); search(input.value); });
  return {
    element: form,
    search: (query) => { input.value = query; return search(query); },
    destroy: () => { if (current) current.cancel(); form.remove(); },
  };
}
