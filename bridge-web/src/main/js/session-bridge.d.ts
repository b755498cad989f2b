// Types of session-bridge.js, the browser client of bridge-web (docs/browser-protocol.md, version 1).

export declare const PROTOCOL_VERSION: 1;
export declare const CLIENT: string;

/** An error code of the protocol (docs/browser-protocol.md), or DISCONNECTED / CLOSED / BAD_FRAME of the client. */
export type ErrorCode =
  | 'MALFORMED' | 'UNKNOWN_OP' | 'NOT_READY' | 'VERSION' | 'BAD_ARGUMENT' | 'NO_SUCH_VIEW' | 'VIEW_IN_USE'
  | 'TOO_MANY_VIEWS' | 'UNSUPPORTED' | 'NOT_FOUND' | 'UNAVAILABLE' | 'BINARY' | 'TOO_LARGE' | 'RATE_LIMITED'
  | 'FORBIDDEN' | 'DISCONNECTED' | 'CLOSED' | 'BAD_FRAME' | string;

export declare class BridgeError extends Error {
  readonly code: ErrorCode;
  /** The server's error message as sent (with `id`, `view`, `supported`, ... when it had them). */
  readonly detail: Record<string, unknown>;
}

export type EndReason =
  | 'END' | 'REFUSED' | 'CLOSED' | 'TRUNCATED' | 'CONNECT_FAILED' | 'IO_ERROR' | 'PROTOCOL_ERROR'
  | 'CLIENT_TOO_SLOW' | 'IDLE_TIMEOUT' | 'TIMEOUT' | 'FORBIDDEN' | 'SHUTDOWN' | 'INTERNAL_ERROR';

/** The one end notice of a view. */
export interface Notice {
  code: 3 | 5;
  reason: EndReason;
  text: string;
}

/** One session record, as the C server sent it. */
export interface SessionRecord {
  /** 'd' terminal data, 'v' screen frame, 'i' input event. */
  type: 'd' | 'v' | 'i';
  /** Milliseconds since the epoch, as recorded. */
  timestamp: number;
  /** The record's content (for 'v': x, y, width, height, then the image). */
  content: Uint8Array;
  /** Screen frames only. */
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  /** Screen frames only: the PNG or JPEG. */
  image?: Uint8Array;
}

/** Where a replay or timeline is. */
export interface Clock {
  view: number;
  positionMs: number;
  durationMs: number | null;
  receivedMs: number;
  speed: number;
  paused: boolean;
  /** A timeline of the C server (it has a live edge). */
  live: boolean;
  /** It plays records as they arrive. */
  atLiveEdge: boolean;
  /** performance.now() when it arrived. */
  at: number;
}

export interface KickOutcome {
  status: 'KICKED' | 'REFUSED' | 'FAILED';
  reason: EndReason;
  detail: string;
  ops: string;
  session: string;
}

export interface Hello {
  version: number;
  principal: string;
  server: string;
  limits: { maxViews: number; maxRequestBytes: number; requestsPerSecond: number; requestBurst: number; clockIntervalMs: number };
}

export interface ViewEventMap {
  opened: CustomEvent<Record<string, unknown>>;
  record: CustomEvent<SessionRecord>;
  clock: CustomEvent<Clock>;
  notice: CustomEvent<Notice>;
  error: CustomEvent<BridgeError>;
  /** Once: `notice` is null when the browser closed it, it did not open, or the connection was lost (`lost`). */
  end: CustomEvent<{ notice: Notice | null; lost: boolean }>;
}

export declare class View extends EventTarget {
  readonly id: number;
  readonly kind: 'watch' | 'replay' | 'play';
  readonly open: boolean;
  readonly clock: Clock | null;
  readonly notice: Notice | null;
  /** The position now, moved on from the last clock at its speed unless paused; null before the first clock. */
  position(): number | null;
  pause(): void;
  resume(): void;
  /** 0.25 to 16. */
  speed(value: number): void;
  seek(positionMs: number): void;
  skip(deltaMs: number): void;
  /** Timelines only: jump to the live edge and follow it. */
  live(): void;
  /**
   * Searches this replay or timeline (a timeline: what it has received so far); a new search cancels the one
   * before. Hits' positions are where seek shows them.
   */
  search(query: string, options?: SearchOptions): Search;
  /** Leave the view: nothing more of it arrives, no notice. */
  close(): void;
  addEventListener<K extends keyof ViewEventMap>(type: K, listener: (ev: ViewEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ClientOptions {
  /** Reconnect after the socket drops (not after the server refused this client). Default true. */
  reconnect?: boolean;
  /** First delay; doubles each attempt up to maxReconnectDelayMs. Default 1000. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Ping interval keeping an idle connection open; 0: none. Default 30000. */
  pingMs?: number;
  /** A WebSocket constructor (tests). */
  WebSocket?: typeof WebSocket;
}

export interface ClientEventMap {
  state: CustomEvent<{ state: ConnectionState }>;
  hello: CustomEvent<Hello>;
  error: CustomEvent<BridgeError>;
  close: CustomEvent<{ code: number; reason: string }>;
}

export declare class SessionBridgeClient extends EventTarget {
  constructor(url: string, options?: ClientOptions);
  readonly url: string;
  readonly state: ConnectionState;
  readonly hello: Hello | null;
  /** Opens the connection; rejects with a BridgeError if the server refuses this client. */
  connect(): Promise<Hello>;
  watch(ops: string, session: string): View;
  replay(recording: string, options?: { speed?: number; paused?: boolean }): View;
  play(ops: string, session: string, options?: { speed?: number; paused?: boolean }): View;
  /** The reason goes to the server's audit log (at most 256 characters). */
  kick(ops: string, session: string, reason?: string): Promise<KickOutcome>;
  close(): void;
  addEventListener<K extends keyof ClientEventMap>(type: K, listener: (ev: ClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** Decodes one binary frame of the protocol. */
export declare function decodeFrame(buffer: ArrayBuffer): { view: number; record: SessionRecord };

/** A terminal as xterm.js's Terminal is, as far as the renderer needs. */
export interface TerminalLike {
  write(data: Uint8Array | string): void;
}

/** Terminal data into a host-provided xterm.js Terminal (UTF-8 carried across records by xterm). Returns a detach function. */
export declare function attachTerminal(view: View, term: TerminalLike): () => void;

/** Screen frames onto a canvas at their (x, y), in order. Returns a detach function. */
export declare function attachCanvas(view: View, canvas: HTMLCanvasElement): () => void;

/** Input events as a growing list; the text is the audited operator's: hostile. */
export declare function inputEvents(view: View, onEvent?: (event: { timestamp: number; text: string }) => void): Array<{ timestamp: number; text: string }>;

export interface SearchOptions {
  /** A regular expression (a linear-time subset of Java's), not plain text. Default false. */
  regex?: boolean;
  /** Case matters. Default false. */
  matchCase?: boolean;
  /** At most this many hits, 1 to 1000. Default 100. */
  maxHits?: number;
}

export interface SearchHit {
  /** Where a seek shows it, in ms of playback time. */
  positionMs: number;
  /** 'o': the terminal output as shown; 'i': an input event. */
  source: 'o' | 'i';
  /** The match with some of its line around it: hostile session content, show it as text. */
  excerpt: string;
  matchStart: number;
  matchEnd: number;
}

export interface SearchDone {
  hits: number;
  limitReached: boolean;
  cancelled: boolean;
  error: string | null;
}

export interface SearchEventMap {
  hit: CustomEvent<SearchHit>;
  done: CustomEvent<SearchDone>;
}

export declare class Search extends EventTarget {
  readonly view: View;
  readonly query: string;
  readonly hits: SearchHit[];
  readonly result: SearchDone | null;
  readonly finished: Promise<SearchDone>;
  cancel(): void;
  addEventListener<K extends keyof SearchEventMap>(type: K, listener: (ev: SearchEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** m:ss.mmm (h:mm:ss.mmm from an hour). */
export declare function formatPosition(ms: number): string;

/** A search box (form.sb-search) listing a view's hits; a click on one seeks there. */
export declare function searchBox(view: View, container: HTMLElement, options?: SearchOptions & {
  placeholder?: string;
  onSeek?: (hit: SearchHit) => void;
}): { element: HTMLFormElement; search(query: string): Search | null; destroy(): void };
