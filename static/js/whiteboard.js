// The standing room's live whiteboard (templates/boards/room.html; frames in
// docs/whiteboards.md). The page arrives with the board drawn by the server and its
// state and sequence number in the page; this module opens the board's own socket,
// resumes from that number, and from then on applies numbered operations in order.
// Its own operations show at once (pending) and are replaced by the server's copy
// when it comes back, or dropped when the server refuses them.
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
const TOOL_KEYS = { p: "pen", l: "line", a: "arrow", r: "rect", e: "ellipse", t: "text", s: "sticky", x: "eraser", h: "hand" };
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

// Drawing, as groups/boards/render.py draws it ------------------------------------

const n = (value) => String(Math.round(value * 10) / 10);

function strokePath(points) {
  const [x0, y0] = points[0];
  if (points.length === 1) return `M${n(x0)} ${n(y0)}l0 0`;
  const parts = [`M${n(x0)} ${n(y0)}`];
  for (let i = 1; i < points.length - 1; i += 1) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[i + 1];
    parts.push(`Q${n(x1)} ${n(y1)} ${n((x1 + x2) / 2)} ${n((y1 + y2) / 2)}`);
  }
  const [xn, yn] = points[points.length - 1];
  parts.push(`L${n(xn)} ${n(yn)}`);
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
  if (item.kind === "stroke") node = element("path", { d: strokePath(item.points), ...line });
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
    this.counter = 0;
    this.surface = root.querySelector("[data-surface]");
    this.itemsLayer = root.querySelector("[data-items]");
    this.preview = root.querySelector("[data-preview]");
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
    this.bindTools();
    this.bindView();
    this.bindPointer();
    this.connect();
  }

  newId(prefix) {
    this.counter += 1;
    return `${prefix}${this.userId}-${Date.now().toString(36)}-${this.counter}`;
  }

  // Rendering: only items whose object changed are drawn again.
  render() {
    const view = new Map(this.confirmed);
    this.pending.forEach(({ op }) => apply(view, op));
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
    this.renderWords(view);
  }

  renderWords(view) {
    const words = [...view.values()].filter((item) => (item.kind === "text" || item.kind === "sticky") && item.text);
    const rows = words.map((item) => {
      const li = document.createElement("li");
      if (item.kind === "sticky") {
        const kind = document.createElement("span");
        kind.className = "board-words__kind";
        kind.textContent = "Note:";
        li.append(kind, " ");
      }
      li.append(item.text);
      return li;
    });
    if (!rows.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = "No words yet.";
      rows.push(empty);
    }
    this.words.replaceChildren(...rows);
  }

  say(message) {
    this.status.textContent = message;
  }

  setAccess({ can_draw: canDraw, read_only: readOnly, host }) {
    this.canDraw = canDraw;
    this.root.dataset.canDraw = String(canDraw);
    this.toolbar.querySelectorAll("button, input, select").forEach((control) => { control.disabled = !canDraw; });
    if (readOnly) this.say(host ? "The board is read-only for everyone but the hosts." : "The board is read-only for now.");
    else if (!canDraw) this.say("You can look but not draw here.");
    else this.say("");
    const form = document.querySelector("[data-read-only-form]");
    if (form) {
      form.querySelector("[data-read-only-value]").value = readOnly ? "" : "on";
      form.querySelector("[data-read-only-button]").textContent = readOnly ? "Let everyone draw" : "Make the board read-only";
    }
  }

  // The socket -------------------------------------------------------------------

  connect() {
    const socket = new LiveSocket(this.root.dataset.socketUrl, { heartbeatMs: parseInt(this.root.dataset.heartbeatMs || "15000", 10) });
    this.socket = socket;
    socket.onOpen(() => {
      this.root.dataset.live = "open";
      this.resume();
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
    socket.on("error", (frame) => this.refused(frame));
    socket.on("revoked", () => { this.setAccess({ can_draw: false }); this.say("You are no longer in this room."); });
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
      this.say("Not connected: reconnecting…");
    }
    this.render();
  }

  // Live cursors, in the colour their person's id picks.
  showCursor({ user, name, x, y, gone }) {
    let cursor = this.cursors.get(user);
    if (gone) {
      if (cursor) cursor.remove();
      this.cursors.delete(user);
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

  // A cursor sits at its board point but keeps its screen size at any zoom.
  placeCursor(cursor) {
    cursor.setAttribute("transform", `translate(${cursor.dataset.at}) scale(${1 / this.view.scale})`);
  }

  viewChanged() {
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

  // Zoom and pan ---------------------------------------------------------------

  bindView() {
    this.zoomLabel = this.viewbar.querySelector("[data-zoom-level]");
    // The frame gets its own size (a taller one on phones) before the view measures it.
    this.root.querySelector("[data-canvas]").dataset.zoomable = "";
    this.viewbar.hidden = false;
    this.view = new View(this.surface, this.limits, () => this.viewChanged());
    this.view.start(this.firstDrawn());
    new ResizeObserver(() => this.view.resize()).observe(this.surface);
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
      // Space would press that button instead of panning.
      if (this.root.contains(document.activeElement)) document.activeElement.blur();
      const panning = !this.canDraw || this.tool === "hand" || this.spacePan;
      const start = this.point(event);
      if (!panning && (this.tool === "text" || this.tool === "sticky")) {
        // The dialog takes the finger's pointerup: forget it now, or the next touch
        // would count as the second finger of a pinch.
        touches.delete(event.pointerId);
        this.askForText(this.tool, start);
        return;
      }
      this.surface.setPointerCapture(event.pointerId);
      const tool = panning ? "pan" : this.tool;
      gesture = { pointerId: event.pointerId, tool, start, points: [start], erased: new Set(), last: [event.clientX, event.clientY] };
      this.root.toggleAttribute("data-panning", panning);
      this.moveGesture(gesture, event);
    });
    const finish = (event) => {
      touches.delete(event.pointerId);
      if (!gesture) return;
      if (gesture.tool === "pinch") {
        // The pinch ends with its first lifted finger; the other draws nothing.
        if (!touches.size) gesture = null;
        return;
      }
      if (event.pointerId !== gesture.pointerId) return;
      if (event.type === "pointerup") this.endGesture(gesture);
      this.cancelGesture(gesture);
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

  cancelGesture(gesture) {
    this.clearErasing(gesture);
    this.preview.replaceChildren();
    this.root.removeAttribute("data-panning");
  }

  shapeOf(gesture) {
    const [x0, y0] = gesture.start;
    const [x1, y1] = gesture.points[gesture.points.length - 1];
    const base = { id: "preview", kind: gesture.tool, color: this.colour(), width: this.width() };
    if (gesture.tool === "pen") return { ...base, kind: "stroke", points: gesture.points };
    if (gesture.tool === "line" || gesture.tool === "arrow") return { ...base, points: [gesture.start, [x1, y1]] };
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
    const p = this.point(event);
    const last = gesture.points[gesture.points.length - 1];
    if (gesture.tool === "pen") {
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= PEN_STEP_PX / this.view.scale) gesture.points.push(p);
    } else {
      gesture.points = [gesture.start, p];
    }
    this.preview.replaceChildren(drawItem(this.shapeOf(gesture)));
  }

  endGesture(gesture) {
    if (gesture.tool === "pan") return;
    if (gesture.tool === "eraser") {
      if (gesture.erased.size) this.send({ kind: "delete", ids: [...gesture.erased] });
      return;
    }
    const shape = { ...this.shapeOf(gesture), id: this.newId("i") };
    if (shape.kind === "stroke") {
      // A long stroke keeps every k-th point (and its last) to stay within the limit.
      const step = Math.ceil(shape.points.length / this.limits.maxPoints);
      if (step > 1) shape.points = shape.points.filter((_, i) => i % step === 0 || i === shape.points.length - 1);
      shape.points = shape.points.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
    } else if (shape.points) {
      const [[x0, y0], [x1, y1]] = shape.points;
      if (Math.hypot(x1 - x0, y1 - y0) < 3) return;
    } else if (shape.w < 3 && shape.h < 3) {
      return;
    }
    this.send({ kind: "add", items: [shape] });
  }

  clearErasing(gesture) {
    this.itemsLayer.querySelectorAll("[data-erasing]").forEach((node) => delete node.dataset.erasing);
    gesture.erased.clear();
  }

  askForText(tool, [x, y]) {
    const dialog = this.root.querySelector("[data-text-dialog]");
    const input = dialog.querySelector("[data-text-input]");
    dialog.querySelector("[data-text-title]").textContent = tool === "sticky" ? "Add a sticky note" : "Add text";
    input.value = "";
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      const text = input.value.trim();
      if (dialog.returnValue !== "ok" || !text) return;
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
