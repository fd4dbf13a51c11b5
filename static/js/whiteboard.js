// The standing room's live whiteboard (templates/boards/room.html; frames in
// docs/whiteboards.md). The page arrives with the board drawn by the server and its
// state and sequence number in the page; this module opens the board's own socket,
// resumes from that number, and from then on applies numbered operations in order.
// Its own operations show at once (pending) and are replaced by the server's copy
// when it comes back, or dropped when the server refuses them. Shapes being drawn
// (previews), cursors and a host's view go to the others as they happen, unstored.
import { getStroke } from "../vendor/perfect-freehand/index.js";
import { LiveSocket } from "./live-socket.js";

const SVG = "http://www.w3.org/2000/svg";
const ARROW_HEAD = 14;
const ARROW_ANGLE = (28 * Math.PI) / 180;
const NOTE = { font: 18, line: 22, padding: 10, charWidth: 0.55, w: 180, h: 130 };
const NOTE_COLOURS = { ink: "yellow", blue: "sky", green: "mint", red: "pink", orange: "yellow", purple: "pink" };
const PALETTE = {
  ink: "#1f2933", blue: "#1d5fbf", green: "#1b7f4b", red: "#c0392b", orange: "#b85c00",
  purple: "#6b3fa0", yellow: "#fff3a3", pink: "#ffd6e7", mint: "#d4f5e1", sky: "#d6ebff",
};
const TOOL_KEYS = { v: "select", p: "pen", l: "line", a: "arrow", r: "rect", e: "ellipse", t: "text", s: "sticky", x: "eraser", h: "hand" };
const CURSOR_COLOURS = ["#1d5fbf", "#c0392b", "#1b7f4b", "#6b3fa0", "#b85c00", "#0f766e"];
// Zoom is counted from the whole board fitted into the frame (1×) up to MAX_ZOOM of
// that; a button press or a key multiplies it by ZOOM_STEP.
const MAX_ZOOM = 8;
const ZOOM_STEP = 1.5;
// In a frame under 800 px wide (a phone, a narrow tablet) a sticky note's 18-unit text
// is unreadable when the whole board is shown, so the view starts at READABLE_SCALE
// screen pixels per board unit instead.
const SMALL_FIT = 0.5;
const READABLE_SCALE = 0.8;
// A pen point closer than this many screen pixels to the last adds size, not shape.
const PEN_STEP_PX = 1.5;
// perfect-freehand's options, as groups/boards/freehand.py uses them: the pressure
// comes from the pen (0.5, an even line, from a mouse or a finger), never from speed.
const STROKE_OPTIONS = { thinning: 0.5, smoothing: 0.5, streamline: 0.5, simulatePressure: false, last: true };
// A shape being drawn is shown to the others at most this often (ms); the server
// drops previews beyond its own limit (groups/boards/consumers.py).
const PREVIEW_MS = 50;
// Another person's preview that has not moved for this long is dropped (ms).
const PREVIEW_STALE_MS = 5000;
// A host's view goes to the followers at most this often (ms).
const VIEW_MS = 120;
// Arrow keys move a selection by this many board units (Shift: ten times as far), and
// pan the view by this many screen pixels when nothing is selected.
const NUDGE = 2;
const PAN_STEP_PX = 60;
// Nudges in a row are sent as one update once the keys rest this long (ms).
const NUDGE_SEND_MS = 300;
// Screen pixels around the pointer where the select tool still finds a thin line.
const HIT_SLOP_PX = 5;
const HANDLE_PX = 14;
// The key of a person's items being moved among the previews.
const MOVING = "moving";

// Drawing, as groups/boards/render.py draws it ------------------------------------

const n = (value) => String(Math.round(value * 10) / 10);

// A stroke is filled: its outline, wider where the pen pressed harder, as path data
// through the midpoints of the outline's points (groups/boards/freehand.py).
function strokePath(points, width) {
  const outline = getStroke(points, { ...STROKE_OPTIONS, size: width });
  if (outline.length < 4) return "";
  const mid = (a, b) => `${n((a[0] + b[0]) / 2)} ${n((a[1] + b[1]) / 2)}`;
  const [a, b, c] = outline;
  const parts = [`M${n(a[0])} ${n(a[1])}Q${n(b[0])} ${n(b[1])} ${mid(b, c)}T`];
  for (let i = 2; i < outline.length - 1; i += 1) parts.push(`${mid(outline[i], outline[i + 1])} `);
  parts.push("Z");
  return parts.join("");
}

function arrowHead([[x1, y1], [x2, y2]]) {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const [a, b] = [ARROW_ANGLE, -ARROW_ANGLE].map((side) => [
    x2 - ARROW_HEAD * Math.cos(angle + side),
    y2 - ARROW_HEAD * Math.sin(angle + side),
  ]);
  return `M${n(a[0])} ${n(a[1])}L${n(x2)} ${n(y2)}L${n(b[0])} ${n(b[1])}`;
}

function noteLines(text, width, height) {
  const perLine = Math.max(1, Math.floor((width - 2 * NOTE.padding) / (NOTE.font * NOTE.charWidth)));
  const room = Math.max(1, Math.floor((height - 2 * NOTE.padding) / NOTE.line));
  let lines = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (let word of paragraph.split(" ")) {
      while (word.length > perLine) {
        if (line) { lines.push(line); line = ""; }
        lines.push(word.slice(0, perLine));
        word = word.slice(perLine);
      }
      const candidate = line ? `${line} ${word}` : word;
      if (candidate.length > perLine) { lines.push(line); line = word; } else { line = candidate; }
    }
    lines.push(line);
  }
  if (lines.length > room) lines = [...lines.slice(0, room - 1), `${lines[room - 1].slice(0, perLine - 1)}…`];
  return lines;
}

function element(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

// Text goes in as textContent only: nothing a person types is ever parsed as markup.
function drawItem(item) {
  const line = { fill: "none", stroke: item.color, "stroke-width": item.width, "stroke-linecap": "round", "stroke-linejoin": "round" };
  let node;
  if (item.kind === "stroke") node = element("path", { d: strokePath(item.points, item.width), fill: item.color });
  else if (item.kind === "line" || item.kind === "arrow") {
    const [[x1, y1], [x2, y2]] = item.points;
    let d = `M${n(x1)} ${n(y1)}L${n(x2)} ${n(y2)}`;
    if (item.kind === "arrow") d += arrowHead(item.points);
    node = element("path", { d, ...line });
  } else if (item.kind === "rect") {
    node = element("rect", { x: item.x, y: item.y, width: item.w, height: item.h, fill: item.fill || "none", stroke: item.color, "stroke-width": item.width });
  } else if (item.kind === "ellipse") {
    node = element("ellipse", { cx: item.x + item.w / 2, cy: item.y + item.h / 2, rx: item.w / 2, ry: item.h / 2, fill: item.fill || "none", stroke: item.color, "stroke-width": item.width });
  } else if (item.kind === "text") {
    node = element("text", { x: item.x, y: item.y, "font-size": item.size, fill: item.color, "font-family": "system-ui, sans-serif" });
    node.textContent = item.text;
  } else {
    node = element("g");
    node.append(element("rect", { x: item.x, y: item.y, width: item.w, height: item.h, rx: 4, fill: item.color, stroke: "#00000033" }));
    const text = element("text", { "font-size": NOTE.font, fill: "#1f2933", "font-family": "system-ui, sans-serif" });
    noteLines(item.text, item.w, item.h).forEach((content, i) => {
      const span = element("tspan", { x: item.x + NOTE.padding, y: item.y + NOTE.padding + NOTE.font + i * NOTE.line });
      span.textContent = content;
      text.append(span);
    });
    node.append(text);
  }
  node.dataset.itemId = item.id;
  return node;
}

// The board's state ----------------------------------------------------------------

function apply(state, op) {
  if (op.kind === "add" || op.kind === "update") op.items.forEach((item) => state.set(item.id, item));
  else if (op.kind === "delete") op.ids.forEach((id) => state.delete(id));
  else if (op.kind === "clear") state.clear();
}

// The pen's pressure at a pointer event, to a hundredth; a mouse or a finger draws an
// even line (0.5: touch screens report 0 or 1 when they cannot tell).
function pressureOf(event) {
  return event.pointerType === "pen" && event.pressure > 0 ? Math.round(event.pressure * 100) / 100 : 0.5;
}

// Moving and resizing --------------------------------------------------------------

const round1 = (value) => Math.round(value * 10) / 10;

// [left, top, right, bottom] of the coordinates the server checks against the board's
// bounds: a shape's points or box, a text's anchor point.
function extent(item) {
  if (item.points) {
    const xs = item.points.map((p) => p[0]);
    const ys = item.points.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  if (item.kind === "text") return [item.x, item.y, item.x, item.y];
  return [item.x, item.y, item.x + item.w, item.y + item.h];
}

function extentOf(items) {
  const boxes = items.map(extent);
  return [0, 1, 2, 3].map((i) => (i < 2 ? Math.min : Math.max)(...boxes.map((box) => box[i])));
}

// Every point (x, y) of the item passed through `map`, sizes scaled by (sx, sy).
function transformed(item, map, sx = 1, sy = 1) {
  const copy = { ...item };
  if (item.points) copy.points = item.points.map(([x, y, ...rest]) => [...map(x, y).map(round1), ...rest]);
  else {
    [copy.x, copy.y] = map(item.x, item.y).map(round1);
    if (item.kind === "text") copy.size = Math.min(96, Math.max(10, round1(item.size * Math.sqrt(sx * sy))));
    else [copy.w, copy.h] = [round1(item.w * sx), round1(item.h * sy)];
  }
  return copy;
}

// A box whose rounding took it a tenth past the board's edge is cut back to it.
function onBoard(item, limits) {
  if (item.w === undefined) return item;
  return { ...item, w: Math.min(item.w, round1(limits.width - item.x)), h: Math.min(item.h, round1(limits.height - item.y)) };
}

// The items moved by (dx, dy) board units, as far as the board's edges allow.
function movedBy(items, dx, dy, limits) {
  const [left, top, right, bottom] = extentOf(items);
  const mx = Math.min(Math.max(dx, -left), limits.width - right);
  const my = Math.min(Math.max(dy, -top), limits.height - bottom);
  return items.map((item) => onBoard(transformed(item, (x, y) => [x + mx, y + my]), limits));
}

// The items resized from their top left corner so that their bottom right corner is
// at `to` (on the board, so everything stays on it).
function resizedTo(items, [tx, ty], limits) {
  const [left, top, right, bottom] = extentOf(items);
  const factor = (to, start, end) => (end - start < 1 ? 1 : Math.max(0.05, (to - start) / (end - start)));
  const sx = factor(tx, left, right);
  const sy = factor(ty, top, bottom);
  const map = (x, y) => [left + (x - left) * sx, top + (y - top) * sy];
  return items.map((item) => onBoard(transformed(item, map, sx, sy), limits));
}

// The part of the board the frame shows: `scale` screen pixels per board unit and the
// board point (x, y) at the frame's top-left corner. It is drawn as the SVG's viewBox,
// so items keep their board coordinates and getScreenCTM() maps pointers through it.
class View {
  constructor(svg, limits, onChange) {
    this.svg = svg;
    this.limits = limits;
    this.onChange = onChange;
    this.size();
    this.scale = this.fit;
    this.x = 0;
    this.y = 0;
  }

  size() {
    const box = this.svg.getBoundingClientRect();
    this.width = box.width || 1;
    this.height = box.height || 1;
    this.fit = Math.min(this.width / this.limits.width, this.height / this.limits.height);
  }

  get zoom() {
    return this.scale / this.fit;
  }

  // Keeps the board in the frame: where the view is smaller than the board it may not
  // run past an edge; where it is larger the board sits in the middle.
  clamp() {
    const clampAxis = (start, shown, total) => (shown >= total ? (total - shown) / 2 : Math.min(Math.max(start, 0), total - shown));
    this.x = clampAxis(this.x, this.width / this.scale, this.limits.width);
    this.y = clampAxis(this.y, this.height / this.scale, this.limits.height);
  }

  draw() {
    this.clamp();
    this.svg.setAttribute("viewBox", `${this.x} ${this.y} ${this.width / this.scale} ${this.height / this.scale}`);
    this.onChange();
  }

  // Zooms so that the board point under the screen point (px, py), relative to the
  // frame, stays under it.
  zoomAt(scale, px, py) {
    const bx = this.x + px / this.scale;
    const by = this.y + py / this.scale;
    this.scale = Math.min(this.fit * MAX_ZOOM, Math.max(this.fit, scale));
    this.x = bx - px / this.scale;
    this.y = by - py / this.scale;
    this.draw();
  }

  zoomBy(factor) {
    this.zoomAt(this.scale * factor, this.width / 2, this.height / 2);
  }

  panBy(dx, dy) {
    this.x -= dx / this.scale;
    this.y -= dy / this.scale;
    this.draw();
  }

  reset() {
    this.scale = this.fit;
    this.draw();
  }

  // Shows the board's box (x, y, w, h) as large as the frame allows, centred.
  show(x, y, w, h) {
    this.size();
    this.scale = Math.min(this.fit * MAX_ZOOM, Math.max(this.fit, Math.min(this.width / w, this.height / h)));
    this.x = x + w / 2 - this.width / this.scale / 2;
    this.y = y + h / 2 - this.height / this.scale / 2;
    this.draw();
  }

  resize() {
    const centre = [this.x + this.width / this.scale / 2, this.y + this.height / this.scale / 2];
    const zoom = this.zoom;
    this.size();
    this.scale = this.fit * zoom;
    this.x = centre[0] - this.width / this.scale / 2;
    this.y = centre[1] - this.height / this.scale / 2;
    this.draw();
  }

  // A small frame starts zoomed in, on `drawn` (a box in board units) at its top left.
  start(drawn) {
    if (this.fit < SMALL_FIT) {
      this.scale = Math.min(READABLE_SCALE, this.fit * MAX_ZOOM);
      if (drawn) [this.x, this.y] = [drawn.x - 20, drawn.y - 20];
    }
    this.draw();
  }
}

class Board {
  constructor(root) {
    this.root = root;
    this.limits = JSON.parse(document.getElementById("board-limits").textContent);
    this.confirmed = new Map(JSON.parse(document.getElementById("board-state").textContent).map((item) => [item.id, item]));
    this.seq = parseInt(root.dataset.seq, 10);
    this.userId = parseInt(root.dataset.userId, 10);
    this.pending = []; // {clientId, op}
    this.early = new Map(); // seq -> op that came before the ones it follows
    this.resuming = false;
    this.nodes = new Map(); // id -> {item, node}
    this.cursors = new Map();
    this.remote = new Map(); // "user:id" -> {user, item, node, at}: others' shapes being drawn
    this.selection = new Set(); // ids of the selected items
    this.dragged = new Map(); // id -> item as a move or resize in progress shows it
    this.nudge = null; // the timer while arrow-key moves wait to be sent as one update
    this.hostView = null; // {user, name, x, y, w, h}: the last view a host shared
    this.following = false;
    this.followingMessage = "";
    this.counter = 0;
    this.surface = root.querySelector("[data-surface]");
    this.itemsLayer = root.querySelector("[data-items]");
    this.preview = root.querySelector("[data-preview]");
    this.remoteLayer = root.querySelector("[data-remote]");
    this.selectionLayer = root.querySelector("[data-selection]");
    this.cursorLayer = root.querySelector("[data-cursors]");
    this.status = root.querySelector("[data-status]");
    this.words = document.querySelector("[data-words]");
    this.toolbar = root.querySelector("[data-toolbar]");
    this.viewbar = root.querySelector("[data-viewbar]");
    this.tool = "pen";
    this.itemsLayer.replaceChildren();
    this.render();
    this.setAccess({ can_draw: root.dataset.canDraw === "true", read_only: root.dataset.readOnly === "true", host: root.dataset.host === "true" });
    this.toolbar.hidden = false;
    this.root.querySelector("[data-keys]").hidden = false;
    this.bindTools();
    this.bindView();
    this.bindPointer();
    this.connect();
    setInterval(() => this.dropStalePreviews(), PREVIEW_STALE_MS / 2);
  }

  newId(prefix) {
    this.counter += 1;
    return `${prefix}${this.userId}-${Date.now().toString(36)}-${this.counter}`;
  }

  // Rendering: only items whose object changed are drawn again.
  render() {
    const view = new Map(this.confirmed);
    this.pending.forEach(({ op }) => apply(view, op));
    for (const [id, item] of this.dragged) if (view.has(id)) view.set(id, item);
    for (const [id, entry] of this.nodes) {
      if (!view.has(id)) { entry.node.remove(); this.nodes.delete(id); }
    }
    let previous = null;
    for (const [id, item] of view) {
      let entry = this.nodes.get(id);
      if (!entry || entry.item !== item) {
        const node = drawItem(item);
        if (entry) entry.node.replaceWith(node);
        entry = { item, node };
        this.nodes.set(id, entry);
      }
      const expected = previous ? previous.nextSibling : this.itemsLayer.firstChild;
      if (expected !== entry.node) this.itemsLayer.insertBefore(entry.node, expected);
      previous = entry.node;
    }
    this.current = view;
    // Items someone else removed leave the selection.
    for (const id of this.selection) if (!view.has(id)) this.selection.delete(id);
    this.drawSelection();
    this.renderWords(view);
  }

  renderWords(view) {
    const words = [...view.values()].filter((item) => (item.kind === "text" || item.kind === "sticky") && item.text);
    const rows = words.map((item) => {
      const li = document.createElement("li");
      if (item.kind === "sticky") {
        const kind = document.createElement("span");
        kind.className = "board-words__kind";
        kind.textContent = gettext("Note:");
        li.append(kind, " ");
      }
      li.append(item.text);
      return li;
    });
    if (!rows.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = gettext("No words yet.");
      rows.push(empty);
    }
    this.words.replaceChildren(...rows);
  }

  say(message) {
    // Unchanged words are not set again: a screen reader would read them out again.
    if (this.status.textContent !== message) this.status.textContent = message;
  }

  setAccess({ can_draw: canDraw, read_only: readOnly, host }) {
    const becameHost = host && !this.host;
    this.canDraw = canDraw;
    this.host = Boolean(host);
    if (!canDraw) this.select([]);
    if (becameHost) this.shareView();
    this.updateFollow();
    this.root.dataset.canDraw = String(canDraw);
    this.toolbar.querySelectorAll("button, input, select").forEach((control) => { control.disabled = !canDraw; });
    if (readOnly) this.say(host ? gettext("The board is read-only for everyone but the hosts.") : gettext("The board is read-only for now."));
    else if (!canDraw) this.say(gettext("You can look but not draw here."));
    else this.say("");
    const form = document.querySelector("[data-read-only-form]");
    if (form) {
      form.querySelector("[data-read-only-value]").value = readOnly ? "" : "on";
      form.querySelector("[data-read-only-button]").textContent = readOnly ? gettext("Let everyone draw") : gettext("Make the board read-only");
    }
  }

  // The socket -------------------------------------------------------------------

  connect() {
    const socket = new LiveSocket(this.root.dataset.socketUrl, { heartbeatMs: parseInt(this.root.dataset.heartbeatMs || "15000", 10) });
    this.socket = socket;
    socket.onOpen(() => {
      this.root.dataset.live = "open";
      this.resume();
      this.shareView();
    });
    socket.onClose(() => { this.root.dataset.live = "closed"; });
    socket.on("access", (frame) => this.setAccess(frame));
    socket.on("op", ({ op }) => this.receive(op));
    socket.on("ops", ({ ops }) => {
      this.resuming = false;
      ops.forEach((op) => this.receive(op));
    });
    socket.on("state", ({ items, seq }) => {
      this.resuming = false;
      this.confirmed = new Map(items.map((item) => [item.id, item]));
      this.seq = seq;
      this.early.clear();
      this.render();
    });
    socket.on("missed", ({ seq }) => { if (seq > this.seq) this.resume(); });
    socket.on("cursor", (frame) => this.showCursor(frame));
    socket.on("preview", (frame) => this.showPreview(frame));
    socket.on("view", (frame) => this.hostMoved(frame));
    socket.on("error", (frame) => this.refused(frame));
    socket.on("revoked", () => { this.setAccess({ can_draw: false }); this.say(gettext("You are no longer in this room.")); });
    socket.connect();
  }

  resume() {
    if (this.resuming) return;
    this.resuming = this.socket.send({ type: "resume", after: this.seq });
  }

  receive(op) {
    if (op.seq <= this.seq) return;
    if (op.seq > this.seq + 1) {
      this.early.set(op.seq, op);
      this.resume();
      return;
    }
    for (let next = op; next; next = this.early.get(this.seq + 1)) {
      this.early.delete(next.seq);
      if (next.items) next.items.forEach((item) => this.dropPreview(next.author, item.id));
      if (next.kind === "update") this.dropPreview(next.author, MOVING);
      apply(this.confirmed, next);
      this.seq = next.seq;
      if (next.author === this.userId) this.pending = this.pending.filter((entry) => entry.clientId !== next.client_id);
    }
    this.render();
  }

  refused(frame) {
    if (frame.client_id) this.pending = this.pending.filter((entry) => entry.clientId !== frame.client_id);
    this.render();
    if (frame.code !== "nothing_to_undo" && frame.code !== "nothing_to_redo") this.say(frame.message);
  }

  send(op) {
    if (!this.canDraw) return;
    const clientId = this.newId("c");
    if (op.kind !== "delete") this.pending.push({ clientId, op });
    if (!this.socket.send({ type: "op", client_id: clientId, op })) {
      this.pending = this.pending.filter((entry) => entry.clientId !== clientId);
      this.say(gettext("Not connected: reconnecting…"));
    }
    this.render();
  }

  // A change to many items goes as several operations, each within the server's limits
  // (items per operation, bytes; ids per delete), in order.
  sendInParts(kind, list) {
    if (kind === "delete") {
      for (let i = 0; i < list.length; i += this.limits.maxIds) this.send({ kind, ids: list.slice(i, i + this.limits.maxIds) });
      return;
    }
    let part = [];
    let bytes = 0;
    for (const item of list) {
      const size = JSON.stringify(item).length + 1;
      if (part.length && (part.length >= this.limits.maxItems || bytes + size > this.limits.maxOperationBytes - 64)) {
        this.send({ kind, items: part });
        [part, bytes] = [[], 0];
      }
      part.push(item);
      bytes += size;
    }
    if (part.length) this.send({ kind, items: part });
  }

  // Live cursors, in the colour their person's id picks. A person who left takes their
  // unfinished shapes and their shared view with them.
  showCursor({ user, name, x, y, gone }) {
    let cursor = this.cursors.get(user);
    if (gone) {
      if (cursor) cursor.remove();
      this.cursors.delete(user);
      for (const entry of this.remote.values()) if (entry.user === user) this.dropPreview(user, entry.item.id);
      if (this.hostView && this.hostView.user === user) {
        this.hostView = null;
        this.setFollowing(false);
      }
      return;
    }
    if (!cursor) {
      const colour = CURSOR_COLOURS[user % CURSOR_COLOURS.length];
      cursor = element("g", { class: "board-cursor" });
      cursor.dataset.cursor = String(user);
      cursor.append(element("path", { d: "M0 0L0 22L6 16L16 16Z", fill: colour, stroke: "#fff", "stroke-width": 1.5 }));
      const label = element("text", { x: 18, y: 30, fill: colour, class: "board-cursor__label" });
      label.textContent = name;
      cursor.append(label);
      this.cursorLayer.append(cursor);
      this.cursors.set(user, cursor);
    }
    cursor.dataset.at = `${x} ${y}`;
    this.placeCursor(cursor);
  }

  // Others' shapes while they draw them: a stroke arrives in pieces (`start` says where
  // a piece continues; a lost piece leaves a straight gap until the stroke is added).
  showPreview({ user, item, items, start, id, end }) {
    if (end) {
      this.dropPreview(user, id);
      return;
    }
    if (items) {
      this.showMoving(user, items);
      return;
    }
    if (this.current && this.current.has(item.id)) return; // already added
    const key = `${user}:${item.id}`;
    const entry = this.remote.get(key);
    const shown = entry && start > 0 && item.kind === "stroke" ? { ...item, points: [...entry.item.points, ...item.points] } : item;
    const node = drawItem(shown);
    node.classList.add("board__remote-shape");
    if (entry) entry.node.replaceWith(node);
    else this.remoteLayer.append(node);
    this.remote.set(key, { user, item: shown, node, at: Date.now() });
  }

  // Items another person is moving or resizing, drawn lighter where they are taking
  // them; the update that follows (or an end) takes the ghosts away.
  showMoving(user, items) {
    const key = `${user}:${MOVING}`;
    const node = element("g", { class: "board__remote-shape" });
    items.forEach((item) => node.append(drawItem(item)));
    const entry = this.remote.get(key);
    if (entry) entry.node.replaceWith(node);
    else this.remoteLayer.append(node);
    this.remote.set(key, { user, item: { id: MOVING }, node, at: Date.now() });
  }

  dropPreview(user, id) {
    const key = `${user}:${id}`;
    const entry = this.remote.get(key);
    if (!entry) return;
    entry.node.remove();
    this.remote.delete(key);
  }

  dropStalePreviews() {
    const now = Date.now();
    for (const entry of [...this.remote.values()]) if (now - entry.at > PREVIEW_STALE_MS) this.dropPreview(entry.user, entry.item.id);
  }

  // This page's shape in progress, shown to the others (throttled; the last one waits
  // for the end of the pause so the others see where the shape got to).
  sendPreview(gesture, shape) {
    if (!this.canDraw) return;
    gesture.shape = shape;
    const wait = gesture.previewAt + PREVIEW_MS - Date.now();
    if (wait > 0) {
      if (!gesture.previewTimer) gesture.previewTimer = setTimeout(() => { gesture.previewTimer = null; this.flushPreview(gesture); }, wait);
      return;
    }
    this.flushPreview(gesture);
  }

  flushPreview(gesture) {
    if (gesture.done || !gesture.shape) return;
    gesture.previewAt = Date.now();
    if (gesture.moving) {
      this.socket.send({ type: "preview", items: gesture.shape });
      return;
    }
    const shape = { ...gesture.shape, id: gesture.id };
    let start = 0;
    if (shape.kind === "stroke") {
      start = gesture.sent;
      if (start >= this.limits.maxPoints) return; // the rest shows when it is added
      const points = shape.points.slice(start, this.limits.maxPoints);
      if (!points.length) return;
      shape.points = points.map(([x, y, p]) => [round1(x), round1(y), p]);
      gesture.sent = start + points.length;
    }
    this.socket.send({ type: "preview", item: shape, start });
  }

  endPreview(gesture, abandoned) {
    gesture.done = true;
    clearTimeout(gesture.previewTimer);
    if (abandoned && gesture.previewAt) this.socket.send({ type: "preview", id: gesture.moving ? MOVING : gesture.id, end: true });
  }

  // Following the host ------------------------------------------------------------

  // A host's page shares the part of the board it shows (whole units, on the board).
  shareView() {
    if (!this.host || !this.view || !this.socket) return;
    const wait = (this.viewSentAt || 0) + VIEW_MS - Date.now();
    if (wait > 0) {
      if (!this.viewTimer) this.viewTimer = setTimeout(() => { this.viewTimer = null; this.shareView(); }, wait);
      return;
    }
    const { view, limits } = this;
    const x = Math.max(0, Math.floor(view.x));
    const y = Math.max(0, Math.floor(view.y));
    const w = Math.max(1, Math.min(limits.width - x, Math.ceil(view.x + view.width / view.scale) - x));
    const h = Math.max(1, Math.min(limits.height - y, Math.ceil(view.y + view.height / view.scale) - y));
    if (this.socket.send({ type: "view", x, y, w, h })) this.viewSentAt = Date.now();
  }

  hostMoved(frame) {
    this.hostView = frame;
    this.updateFollow();
    if (this.following) this.applyFollow();
  }

  updateFollow() {
    const button = this.followButton;
    if (!button) return;
    button.hidden = this.host || !this.hostView;
    if (this.hostView) button.querySelector("[data-follow-name]").textContent = interpolate(gettext("Follow %(name)s"), { name: this.hostView.name }, true);
    button.setAttribute("aria-pressed", String(this.following));
  }

  setFollowing(on) {
    this.following = on && Boolean(this.hostView) && !this.host;
    this.root.toggleAttribute("data-following", this.following);
    this.updateFollow();
    if (this.following) {
      this.applyFollow();
      this.followingMessage = interpolate(gettext("Following %(name)s's view. Move around yourself to stop."), { name: this.hostView.name }, true);
      this.say(this.followingMessage);
    } else if (this.status.textContent === this.followingMessage) this.say("");
  }

  applyFollow() {
    const { x, y, w, h } = this.hostView;
    this.followApplying = true;
    this.view.show(x, y, w, h);
    this.followApplying = false;
  }

  // A cursor sits at its board point but keeps its screen size at any zoom.
  placeCursor(cursor) {
    cursor.setAttribute("transform", `translate(${cursor.dataset.at}) scale(${1 / this.view.scale})`);
  }

  viewChanged() {
    // Moving around oneself stops following the host.
    if (this.following && !this.followApplying) this.setFollowing(false);
    this.shareView();
    this.drawSelection();
    this.cursors.forEach((cursor) => this.placeCursor(cursor));
    this.zoomLabel.textContent = `${Math.round(this.view.zoom * 100)}%`;
    this.viewbar.querySelector("[data-zoom-out]").disabled = this.view.zoom <= 1.001;
    this.viewbar.querySelector("[data-zoom-in]").disabled = this.view.zoom >= MAX_ZOOM - 0.001;
  }

  // Tools ------------------------------------------------------------------------

  colour() {
    return PALETTE[this.toolbar.querySelector("[name=board-colour]:checked").value];
  }

  width() {
    return parseInt(this.toolbar.querySelector("[data-width]").value, 10);
  }

  chooseTool(tool) {
    if (tool !== "select") this.select([]);
    this.tool = tool;
    this.root.querySelectorAll("[data-tool]").forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.tool === tool)));
    this.root.dataset.tool = tool;
  }

  bindTools() {
    this.root.querySelectorAll("[data-tool]").forEach((button) => button.addEventListener("click", () => this.chooseTool(button.dataset.tool)));
    this.toolbar.querySelector("[data-undo]").addEventListener("click", () => this.socket.send({ type: "undo", client_id: this.newId("u") }));
    this.toolbar.querySelector("[data-redo]").addEventListener("click", () => this.socket.send({ type: "redo", client_id: this.newId("r") }));
    document.addEventListener("keydown", (event) => {
      // Letters are shortcuts unless they are being typed (a radio swatch keeps focus).
      const typing = event.target.closest("textarea, select, [contenteditable], input:not([type=radio])");
      if (typing || event.target.closest("dialog")) return;
      const key = event.key.toLowerCase();
      if (this.selectionKey(event)) return;
      if (this.viewKey(event)) return;
      if (!this.canDraw) return;
      if ((event.ctrlKey || event.metaKey) && (key === "z" || key === "y")) {
        event.preventDefault();
        const redo = key === "y" || event.shiftKey;
        this.socket.send({ type: redo ? "redo" : "undo", client_id: this.newId("k") });
      } else if (!event.ctrlKey && !event.metaKey && !event.altKey && TOOL_KEYS[key]) {
        this.chooseTool(TOOL_KEYS[key]);
      }
    });
  }

  // Selecting, moving, resizing -------------------------------------------------

  select(ids) {
    this.flushNudge();
    this.selection = new Set(ids);
    this.drawSelection();
  }

  selectedItems() {
    return [...this.selection].filter((id) => this.current.has(id)).map((id) => this.current.get(id));
  }

  // A dashed box around the selection, with a handle at its bottom right corner that
  // resizes it; both keep their size on the screen at any zoom.
  drawSelection() {
    if (!this.selectionLayer) return;
    const nodes = [...this.selection].map((id) => this.nodes.get(id)).filter(Boolean);
    if (!nodes.length || !this.view) {
      this.selectionLayer.replaceChildren();
      if (this.root.hasAttribute("data-selected")) this.say("");
      this.root.toggleAttribute("data-selected", false);
      return;
    }
    const boxes = nodes.map((entry) => entry.node.getBBox());
    const pad = 6 / this.view.scale;
    const left = Math.min(...boxes.map((b) => b.x)) - pad;
    const top = Math.min(...boxes.map((b) => b.y)) - pad;
    const right = Math.max(...boxes.map((b) => b.x + b.width)) + pad;
    const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + pad;
    const line = 1.5 / this.view.scale;
    const handle = HANDLE_PX / this.view.scale;
    this.selectionLayer.replaceChildren(
      element("rect", { class: "board__selection", x: left, y: top, width: right - left, height: bottom - top, "stroke-width": line, "stroke-dasharray": `${4 * line} ${3 * line}` }),
      element("rect", { class: "board__handle", "data-handle": "resize", x: right - handle / 2, y: bottom - handle / 2, width: handle, height: handle, "stroke-width": line }),
    );
    this.root.toggleAttribute("data-selected", true);
    this.say(interpolate(ngettext("%(count)s selected: drag to move, the corner to resize, arrow keys nudge, Delete removes.", "%(count)s selected: drag to move, the corner to resize, arrow keys nudge, Delete removes.", nodes.length), { count: nodes.length }, true));
  }

  // The item under a screen point (or a few pixels off it, for thin lines).
  itemAt(clientX, clientY) {
    for (const [dx, dy] of [[0, 0], [HIT_SLOP_PX, 0], [-HIT_SLOP_PX, 0], [0, HIT_SLOP_PX], [0, -HIT_SLOP_PX]]) {
      const hit = document.elementFromPoint(clientX + dx, clientY + dy);
      const node = hit && hit.closest("[data-item-id]");
      if (node && this.itemsLayer.contains(node)) return node.dataset.itemId;
    }
    return null;
  }

  // Pointer down with the select tool: on the handle, resize; on an item, select it (with
  // Shift, add it) and move what is selected; on paper, drag a box to select.
  startSelecting(event, start, gesture) {
    if (event.target.closest("[data-handle]") && this.selection.size) return { ...gesture, tool: "resize", items: this.selectedItems() };
    const id = this.itemAt(event.clientX, event.clientY);
    if (id) {
      if (event.shiftKey) {
        const ids = new Set(this.selection);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        this.select(ids);
      } else if (!this.selection.has(id)) this.select([id]);
      return { ...gesture, tool: "move", items: this.selectedItems() };
    }
    if (!event.shiftKey) this.select([]);
    return { ...gesture, tool: "marquee", kept: new Set(this.selection) };
  }

  moveSelecting(gesture, p) {
    if (gesture.tool === "marquee") {
      const [x0, y0] = gesture.start;
      const box = { x: Math.min(x0, p[0]), y: Math.min(y0, p[1]), w: Math.abs(p[0] - x0), h: Math.abs(p[1] - y0) };
      this.preview.replaceChildren(element("rect", { class: "board__marquee", x: box.x, y: box.y, width: box.w, height: box.h, "stroke-width": 1 / this.view.scale }));
      const inside = [...this.nodes].filter(([, entry]) => {
        const b = entry.node.getBBox();
        return b.x < box.x + box.w && b.x + b.width > box.x && b.y < box.y + box.h && b.y + b.height > box.y;
      });
      this.selection = new Set([...gesture.kept, ...inside.map(([id]) => id)]);
      this.drawSelection();
      return;
    }
    const items = gesture.tool === "move" ? movedBy(gesture.items, p[0] - gesture.start[0], p[1] - gesture.start[1], this.limits) : resizedTo(gesture.items, p, this.limits);
    this.dragged = new Map(items.map((item) => [item.id, item]));
    this.render();
    // The others see the items go where they are taken (a click that moves nothing
    // sends nothing).
    gesture.moving = true;
    const json = JSON.stringify(items);
    if (items.length <= this.limits.maxItems && json.length <= this.limits.maxOperationBytes && json !== JSON.stringify(gesture.items)) this.sendPreview(gesture, items);
  }

  // Sends what a move or resize changed; false when it changed nothing.
  endSelecting(gesture) {
    if (gesture.tool === "marquee") return true;
    const items = [...this.dragged.values()];
    this.dragged = new Map();
    this.render(); // the board as it is, to compare with
    const changed = items.filter((item) => this.current.has(item.id) && JSON.stringify(item) !== JSON.stringify(this.current.get(item.id)));
    if (!changed.length) return false;
    this.sendInParts("update", changed);
    return true;
  }

  // Arrow keys nudge the selection (shown at once, sent as one update when they rest),
  // Delete and Backspace remove it, Escape lets go, Ctrl/⌘+A selects everything (with
  // the select tool); true when handled.
  selectionKey(event) {
    if (!this.canDraw) return false;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === "a" && this.tool === "select") {
      event.preventDefault();
      this.select([...this.current.keys()]);
      return true;
    }
    if (!this.selection.size || mod || event.altKey) return false;
    const step = event.shiftKey ? NUDGE * 10 : NUDGE;
    const arrows = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (arrows[event.key] && !event.target.closest("button, input, a, summary")) {
      event.preventDefault();
      const base = this.selectedItems().map((item) => this.dragged.get(item.id) || item);
      const items = movedBy(base, ...arrows[event.key], this.limits);
      this.dragged = new Map(items.map((item) => [item.id, item]));
      this.render();
      clearTimeout(this.nudge);
      this.nudge = setTimeout(() => this.flushNudge(), NUDGE_SEND_MS);
      return true;
    }
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      const ids = [...this.selection];
      this.select([]);
      this.sendInParts("delete", ids);
      return true;
    }
    if (event.key === "Escape") {
      this.select([]);
      this.say("");
      return true;
    }
    return false;
  }

  flushNudge() {
    clearTimeout(this.nudge);
    this.nudge = null;
    if (this.dragged.size) this.endSelecting({ tool: "move" });
  }

  // Double-click (or double-tap) a text or a note with the select tool to change it.
  editText(event) {
    if (!this.canDraw || this.tool !== "select") return;
    const id = this.itemAt(event.clientX, event.clientY);
    const item = id && this.current.get(id);
    if (!item || (item.kind !== "text" && item.kind !== "sticky")) return;
    this.askForText(item.kind, [item.x, item.y], item);
  }

  // Zoom and pan ---------------------------------------------------------------

  bindView() {
    this.zoomLabel = this.viewbar.querySelector("[data-zoom-level]");
    this.canvas = this.root.querySelector("[data-canvas]");
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("aria-label", gettext("The board: arrow keys move around it, or move what is selected"));
    // The frame gets its own size (a taller one on phones) before the view measures it.
    this.root.querySelector("[data-canvas]").dataset.zoomable = "";
    this.viewbar.hidden = false;
    this.view = new View(this.surface, this.limits, () => this.viewChanged());
    this.view.start(this.firstDrawn());
    new ResizeObserver(() => (this.following ? this.applyFollow() : this.view.resize())).observe(this.surface);
    this.followButton = this.viewbar.querySelector("[data-follow]");
    this.followButton.addEventListener("click", () => this.setFollowing(!this.following));
    this.viewbar.querySelector("[data-zoom-in]").addEventListener("click", () => this.view.zoomBy(ZOOM_STEP));
    this.viewbar.querySelector("[data-zoom-out]").addEventListener("click", () => this.view.zoomBy(1 / ZOOM_STEP));
    this.viewbar.querySelector("[data-zoom-reset]").addEventListener("click", () => this.view.reset());
    this.surface.addEventListener("wheel", (event) => {
      const lines = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : 1;
      const factor = Math.exp((-event.deltaY * lines) / (event.ctrlKey ? 100 : 400));
      // At a zoom limit the wheel scrolls the page on, so the board is no trap for it.
      if ((factor < 1 && this.view.zoom <= 1.001) || (factor > 1 && this.view.zoom >= MAX_ZOOM - 0.001)) return;
      event.preventDefault();
      const box = this.surface.getBoundingClientRect();
      this.view.zoomAt(this.view.scale * factor, event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });
    document.addEventListener("keyup", (event) => {
      if (event.key === " ") this.setSpacePan(false);
    });
    window.addEventListener("blur", () => this.setSpacePan(false));
  }

  // The item nearest the board's top left corner: where a zoomed-in view starts. (The
  // box around all items would start on empty paper when they lie far apart.)
  firstDrawn() {
    let first = null;
    for (const node of this.itemsLayer.children) {
      const box = node.getBBox();
      if (!first || box.x + box.y < first.x + first.y) first = box;
    }
    return first;
  }

  setSpacePan(on) {
    this.spacePan = on;
    this.root.toggleAttribute("data-space-pan", on);
  }

  // + / - / 0 zoom, and space held down turns a drag into panning; true when handled.
  viewKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (event.key === " ") {
      // Space on a button presses it; elsewhere it would scroll the page.
      if (event.target.closest("button, input, a, summary")) return false;
      event.preventDefault();
      this.setSpacePan(true);
      return true;
    }
    const pan = { ArrowLeft: [PAN_STEP_PX, 0], ArrowRight: [-PAN_STEP_PX, 0], ArrowUp: [0, PAN_STEP_PX], ArrowDown: [0, -PAN_STEP_PX] }[event.key];
    if (pan) {
      // Only on the focused board: elsewhere arrow keys scroll the page as ever.
      if (!event.target.closest("[data-canvas]")) return false;
      event.preventDefault();
      this.view.panBy(...pan);
      return true;
    }
    const action = { "+": () => this.view.zoomBy(ZOOM_STEP), "=": () => this.view.zoomBy(ZOOM_STEP), "-": () => this.view.zoomBy(1 / ZOOM_STEP), 0: () => this.view.reset() }[event.key];
    if (!action) return false;
    event.preventDefault();
    action();
    return true;
  }

  point(event) {
    const matrix = this.surface.getScreenCTM().inverse();
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    return [Math.min(this.limits.width, Math.max(0, p.x)), Math.min(this.limits.height, Math.max(0, p.y))];
  }

  // One pointer draws (or pans with the hand tool, space held, or for someone who may
  // not draw); a second touching pointer turns the gesture into a pinch, which zooms
  // and pans with both fingers and throws away the stroke the first one began.
  bindPointer() {
    let gesture = null;
    let cursorSentAt = 0;
    const touches = new Map(); // pointerId -> [clientX, clientY]
    this.surface.addEventListener("pointermove", (event) => {
      const now = Date.now();
      if (now - cursorSentAt >= this.limits.cursorMs) {
        cursorSentAt = now;
        const [x, y] = this.point(event);
        this.socket.send({ type: "cursor", x: Math.round(x), y: Math.round(y) });
      }
      if (touches.has(event.pointerId)) touches.set(event.pointerId, [event.clientX, event.clientY]);
      if (!gesture) return;
      if (gesture.tool === "pinch") this.movePinch(gesture, touches);
      else if (event.pointerId === gesture.pointerId) this.moveGesture(gesture, event);
    });
    this.surface.addEventListener("pointerdown", (event) => {
      if (event.button > 0) return;
      if (event.pointerType === "touch") touches.set(event.pointerId, [event.clientX, event.clientY]);
      if (touches.size === 2) {
        if (gesture) this.cancelGesture(gesture);
        this.surface.setPointerCapture(event.pointerId);
        gesture = this.startPinch(touches);
        return;
      }
      if (gesture) return;
      event.preventDefault();
      // preventDefault keeps focus where it was, often on the tool just chosen, where
      // Space would press that button instead of panning: the board takes it, so its
      // keys (arrows, Delete) act on it.
      this.canvas.focus({ preventScroll: true });
      const panning = !this.canDraw || this.tool === "hand" || this.spacePan;
      const start = this.point(event);
      if (!panning && (this.tool === "text" || this.tool === "sticky")) {
        // The dialog takes the finger's pointerup: forget it now, or the next touch
        // would count as the second finger of a pinch.
        touches.delete(event.pointerId);
        this.askForText(this.tool, start);
        return;
      }
      const tool = panning ? "pan" : this.tool;
      gesture = { pointerId: event.pointerId, tool, start, points: [[...start, pressureOf(event)]], erased: new Set(), last: [event.clientX, event.clientY], id: this.newId("i"), sent: 0, previewAt: 0 };
      if (tool === "select") gesture = this.startSelecting(event, start, gesture);
      this.surface.setPointerCapture(event.pointerId);
      this.root.toggleAttribute("data-panning", panning);
      this.moveGesture(gesture, event);
    });
    this.surface.addEventListener("dblclick", (event) => this.editText(event));
    const finish = (event) => {
      touches.delete(event.pointerId);
      if (!gesture) return;
      if (gesture.tool === "pinch") {
        // The pinch ends with its first lifted finger; the other draws nothing.
        if (!touches.size) gesture = null;
        return;
      }
      if (event.pointerId !== gesture.pointerId) return;
      const done = event.type === "pointerup" && this.endGesture(gesture);
      this.cancelGesture(gesture, !done);
      gesture = null;
    };
    this.surface.addEventListener("pointerup", finish);
    this.surface.addEventListener("pointercancel", finish);
  }

  startPinch(touches) {
    const [a, b] = [...touches.values()];
    const box = this.surface.getBoundingClientRect();
    const mid = [(a[0] + b[0]) / 2 - box.left, (a[1] + b[1]) / 2 - box.top];
    return {
      tool: "pinch",
      distance: Math.max(1, Math.hypot(a[0] - b[0], a[1] - b[1])),
      scale: this.view.scale,
      // The board point between the fingers stays between them.
      anchor: [this.view.x + mid[0] / this.view.scale, this.view.y + mid[1] / this.view.scale],
    };
  }

  movePinch(gesture, touches) {
    if (touches.size < 2) return;
    const [a, b] = [...touches.values()];
    const box = this.surface.getBoundingClientRect();
    const mid = [(a[0] + b[0]) / 2 - box.left, (a[1] + b[1]) / 2 - box.top];
    const view = this.view;
    view.scale = Math.min(view.fit * MAX_ZOOM, Math.max(view.fit, (gesture.scale * Math.hypot(a[0] - b[0], a[1] - b[1])) / gesture.distance));
    view.x = gesture.anchor[0] - mid[0] / view.scale;
    view.y = gesture.anchor[1] - mid[1] / view.scale;
    view.draw();
  }

  // Ends a gesture: `abandoned` when it was not finished (a pinch, a cancel), so its
  // preview goes from the others' pages too.
  cancelGesture(gesture, abandoned = true) {
    this.clearErasing(gesture);
    this.endPreview(gesture, abandoned);
    this.preview.replaceChildren();
    this.root.removeAttribute("data-panning");
    if (abandoned && this.dragged.size && !this.nudge) {
      this.dragged = new Map();
      this.render();
    }
  }

  shapeOf(gesture) {
    const [x0, y0] = gesture.start;
    const [x1, y1] = gesture.points[gesture.points.length - 1];
    const base = { id: gesture.id, kind: gesture.tool, color: this.colour(), width: this.width() };
    if (gesture.tool === "pen") return { ...base, kind: "stroke", points: gesture.points };
    if (gesture.tool === "line" || gesture.tool === "arrow") return { ...base, points: [gesture.start.slice(0, 2), [x1, y1]] };
    return { ...base, x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0), fill: null };
  }

  moveGesture(gesture, event) {
    if (gesture.tool === "pan") {
      this.view.panBy(event.clientX - gesture.last[0], event.clientY - gesture.last[1]);
      gesture.last = [event.clientX, event.clientY];
      return;
    }
    if (gesture.tool === "eraser") {
      const hit = document.elementFromPoint(event.clientX, event.clientY);
      const item = hit && hit.closest("[data-item-id]");
      if (item && this.itemsLayer.contains(item) && !gesture.erased.has(item.dataset.itemId)) {
        gesture.erased.add(item.dataset.itemId);
        item.dataset.erasing = "";
      }
      return;
    }
    if (["select", "move", "resize", "marquee"].includes(gesture.tool)) {
      if (gesture.tool !== "select") this.moveSelecting(gesture, this.point(event));
      return;
    }
    if (gesture.tool === "pen") {
      // A pen reports more points than the events that carry them: take them all.
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      for (const each of events.length ? events : [event]) {
        const p = this.point(each);
        const last = gesture.points[gesture.points.length - 1];
        if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= PEN_STEP_PX / this.view.scale) gesture.points.push([...p, pressureOf(each)]);
      }
    } else {
      gesture.points = [gesture.start, this.point(event)];
    }
    const shape = this.shapeOf(gesture);
    this.preview.replaceChildren(drawItem(shape));
    if (gesture.points.length > 1) this.sendPreview(gesture, shape);
  }

  // Finishes a gesture; false when it came to nothing (a shape too small to keep).
  endGesture(gesture) {
    if (gesture.tool === "pan" || gesture.tool === "select") return true;
    if (["move", "resize", "marquee"].includes(gesture.tool)) return this.endSelecting(gesture);
    if (gesture.tool === "eraser") {
      if (gesture.erased.size) this.send({ kind: "delete", ids: [...gesture.erased] });
      return true;
    }
    const shape = this.shapeOf(gesture);
    if (shape.kind === "stroke") {
      // A long stroke keeps every k-th point (and its last) to stay within the limit.
      const step = Math.ceil(shape.points.length / this.limits.maxPoints);
      if (step > 1) shape.points = shape.points.filter((_, i) => i % step === 0 || i === shape.points.length - 1);
      shape.points = shape.points.map(([x, y, p]) => [round1(x), round1(y), p]);
    } else if (shape.points) {
      const [[x0, y0], [x1, y1]] = shape.points;
      if (Math.hypot(x1 - x0, y1 - y0) < 3) return false;
    } else if (shape.w < 3 && shape.h < 3) {
      return false;
    }
    this.send({ kind: "add", items: [shape] });
    return true;
  }

  clearErasing(gesture) {
    this.itemsLayer.querySelectorAll("[data-erasing]").forEach((node) => delete node.dataset.erasing);
    gesture.erased.clear();
  }

  // The text dialog: a new text or note at (x, y), or a change to `existing`.
  askForText(tool, [x, y], existing = null) {
    const dialog = this.root.querySelector("[data-text-dialog]");
    const input = dialog.querySelector("[data-text-input]");
    const sticky = tool === "sticky";
    const title = existing ? (sticky ? gettext("Change the note") : gettext("Change the text")) : sticky ? gettext("Add a sticky note") : gettext("Add text");
    dialog.querySelector("[data-text-title]").textContent = title;
    dialog.querySelector("[data-text-submit]").textContent = existing ? gettext("Save") : gettext("Add to the board");
    input.value = existing ? existing.text : "";
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      const text = input.value.trim();
      if (dialog.returnValue !== "ok" || !text) return;
      if (existing) {
        if (text !== existing.text) this.send({ kind: "update", items: [{ ...existing, text }] });
        return;
      }
      const name = this.toolbar.querySelector("[name=board-colour]:checked").value;
      const item = tool === "sticky"
        ? { kind: "sticky", color: PALETTE[NOTE_COLOURS[name]], x: Math.min(x, this.limits.width - NOTE.w), y: Math.min(y, this.limits.height - NOTE.h), w: NOTE.w, h: NOTE.h, text }
        : { kind: "text", color: PALETTE[name], x, y: Math.max(y, 24), size: 24, text };
      this.send({ kind: "add", items: [{ ...item, id: this.newId("i") }] });
    }, { once: true });
    dialog.showModal();
  }
}

// PNG export: the server's SVG export drawn onto a canvas, in the browser.
function bindPngExport() {
  const button = document.querySelector("[data-export-png]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const response = await fetch(button.dataset.svgUrl, { credentials: "same-origin" });
    const svg = await response.text();
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    canvas.getContext("2d").drawImage(image, 0, 0);
    canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.dataset.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }, "image/png");
  });
}

const root = document.querySelector("[data-board]");
if (root) {
  new Board(root);
  bindPngExport();
}
