// The one socket of every signed-in page (/ws/me/, or a channel page's
// /ws/me/channels/<id>/): badges, presence, sign-out. Page modules import `pageSocket`
// and register their own frame types on it, so a page never opens a second socket.
import { LiveSocket } from "./live-socket.js";

const body = document.body;
const IDLE_AFTER_MS = parseInt(body.dataset.idleAfterMs || "120000", 10);

let lastActivity = Date.now();
let presence = "online";

function currentPresence() {
  const idle = document.visibilityState !== "visible" || Date.now() - lastActivity > IDLE_AFTER_MS;
  return idle ? "idle" : "online";
}

function heartbeat() {
  presence = currentPresence();
  return { type: "heartbeat", state: presence };
}

export const pageSocket = body.dataset.liveUrl
  ? new LiveSocket(body.dataset.liveUrl, {
      heartbeatMs: parseInt(body.dataset.heartbeatMs || "15000", 10),
      heartbeat,
    })
  : null;

if (pageSocket) {
  // Say at once when the person comes back or goes idle, not at the next beat.
  function activity() {
    lastActivity = Date.now();
    if (currentPresence() !== presence) pageSocket.send(heartbeat());
  }
  ["mousemove", "keydown", "pointerdown", "focus"].forEach((name) => {
    window.addEventListener(name, activity, { passive: true });
  });
  document.addEventListener("visibilitychange", () => {
    if (currentPresence() !== presence) pageSocket.send(heartbeat());
  });
  pageSocket.onOpen((socket) => {
    body.dataset.live = "open";
    socket.send(heartbeat());
  });
  pageSocket.onClose(() => {
    body.dataset.live = "closed";
  });
  pageSocket.on("signed_out", () => {
    body.dataset.live = "signed-out";
  });
  pageSocket.connect();
}
