// A websocket that stays up: the base of every live part of Commons.
//
// - reconnects by itself, with full-jitter exponential backoff;
// - sends a heartbeat every `heartbeatMs` and treats a socket that has been silent for
//   three heartbeats as dead (a laptop that slept, a proxy that dropped it);
// - every frame is JSON with a `type`; handlers are registered per type with `on()`;
//   `swap` frames (HTML fragments with ids) are applied here for everyone;
// - `onOpen` listeners run on every connect and reconnect: that is where a stream sends
//   its resume frame with the last sequence number it saw, so nothing is lost.
// Pages work without it: every form still posts over HTTP.

const MAX_BACKOFF_MS = 30000;
const FIRST_BACKOFF_MS = 500;
const SILENT_HEARTBEATS = 3;
// Close codes after which reconnecting cannot help (see core/consumers.py).
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);

// Replace each element of `html` that has an id with the element of that id on the page
// (badges, counters, rows); elements the page does not show are ignored.
export function swapFragments(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const fresh of Array.from(template.content.children)) {
    const current = fresh.id && document.getElementById(fresh.id);
    if (!current) continue;
    current.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }
}

export class LiveSocket {
  constructor(url, { heartbeatMs = 15000, heartbeat = () => ({ type: "heartbeat" }) } = {}) {
    this.url = new URL(url, window.location.href);
    this.url.protocol = this.url.protocol === "https:" ? "wss:" : "ws:";
    this.heartbeatMs = heartbeatMs;
    this.heartbeatFrame = heartbeat;
    this.handlers = new Map();
    this.openListeners = [];
    this.closeListeners = [];
    this.attempt = 0;
    this.stopped = false;
    this.lastHeard = 0;
    this.socket = null;
    this.retryTimer = null;
    this.on("swap", (frame) => swapFragments(frame.html));
    this.on("pong", () => {});
    // Back online (a phone leaving a tunnel): try at once instead of after the backoff.
    window.addEventListener("online", () => {
      if (this.stopped || this.socket !== null || this.retryTimer === null) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.attempt = 0;
      this.connect();
    });
  }

  get isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(handler);
    return this;
  }

  onOpen(listener) {
    this.openListeners.push(listener);
    if (this.isOpen) listener(this);
    return this;
  }

  onClose(listener) {
    this.closeListeners.push(listener);
    return this;
  }

  // Sends a frame when the socket is open; returns whether it was sent.
  send(frame) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  connect() {
    this.stopped = false;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.lastHeard = Date.now();
      this.openListeners.forEach((listener) => listener(this));
    });
    socket.addEventListener("message", (event) => {
      this.lastHeard = Date.now();
      this.dispatch(event.data);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.closeListeners.forEach((listener) => listener(event));
      if (!this.stopped && !FINAL_CLOSE_CODES.has(event.code)) this.reconnectLater();
    });
    if (!this.timer) this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    return this;
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = null;
    if (this.socket) this.socket.close();
  }

  // Drops a socket that looks stalled (a frame went unanswered) without waiting for the
  // heartbeat check; the close handler then reconnects with the usual backoff.
  reconnect() {
    if (this.socket) this.socket.close();
  }

  // The heartbeat, and the check that the server still answers.
  beat() {
    if (!this.isOpen) return;
    if (Date.now() - this.lastHeard > this.heartbeatMs * SILENT_HEARTBEATS) {
      this.socket.close();
      return;
    }
    this.send(this.heartbeatFrame());
  }

  reconnectLater() {
    const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, Math.random() * ceiling);
  }

  dispatch(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (error) {
      return; // not a frame of ours
    }
    if (!frame || typeof frame.type !== "string") return;
    (this.handlers.get(frame.type) || []).forEach((handler) => handler(frame));
  }
}
