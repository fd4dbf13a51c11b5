// A live session's lobby and rooms, on every page's one socket (/ws/me/live/<id>/).
// The server re-renders each person's view when anything changes (`live_state`): the
// fragments are swapped in by id, and a participant whose place changed is taken there
// (into their room when the rooms open or they are moved, back to the lobby when the
// rooms close). The timer counts down here from the seconds the server gave; at zero the
// page asks the server to close the rooms (the server's clock decides), and the minute
// job and a delayed task do the same when no page is open. Without this module every
// control is a plain form and the pages say where to go.
import { pageSocket } from "./page-socket.js";
import { swapFragments } from "./live-socket.js";

const root = document.querySelector("[data-live-session]");

function decode(text) {
  // Refusals come back as escaped text: shown as text, never as markup.
  const template = document.createElement("template");
  template.innerHTML = text;
  return template.content.textContent;
}

function formatLeft(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return `${minutes}:${rest}`;
}

if (root && pageSocket) {
  const sessionId = root.dataset.liveSession;
  const page = root.dataset.livePage;
  const roomId = root.dataset.roomId ? parseInt(root.dataset.roomId, 10) : null;
  const errorBox = document.querySelector("[data-live-error]");
  const status = () => document.getElementById(`live-status-${sessionId}`);
  const initial = status();
  let knownRoom = initial && initial.dataset.myRoom ? parseInt(initial.dataset.myRoom, 10) : null;
  let closeAt = null;
  let expiredAt = 0;

  function setTimer(secondsLeft) {
    closeAt = secondsLeft === null || secondsLeft === undefined || secondsLeft === "" ? null : Date.now() + Number(secondsLeft) * 1000;
    tick();
  }

  function tick() {
    const box = status();
    if (!box || closeAt === null) return;
    const left = Math.max(0, Math.round((closeAt - Date.now()) / 1000));
    const countdown = box.querySelector("[data-countdown]");
    if (countdown) countdown.textContent = formatLeft(left);
    const warning = box.querySelector("[data-warning]");
    if (warning && left <= 60) warning.hidden = false;
    // At zero, ask once every few seconds until the server has closed the rooms.
    if (left === 0 && Date.now() - expiredAt > 4000) {
      expiredAt = Date.now();
      pageSocket.send({ type: "live_expired" });
    }
  }

  function follow(frame) {
    const now = frame.room ? frame.room.id : null;
    const changed = now !== knownRoom;
    knownRoom = now;
    if (frame.host || !changed) return;
    if (page === "lobby" && frame.room) {
      window.location.assign(frame.room.url);
    } else if (page === "room" && now !== roomId && frame.status === "live") {
      window.location.assign(frame.room ? frame.room.url : root.dataset.lobbyUrl);
    }
  }

  function say(text) {
    if (!errorBox) return;
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  if (initial) setTimer(initial.dataset.secondsLeft);
  setInterval(tick, 1000);

  function hideOwnRoomLink() {
    // On a room's page, "Go to" that same room says nothing.
    if (roomId === null) return;
    document.querySelectorAll(`[data-go-room="${roomId}"]`).forEach((link) => link.remove());
  }

  pageSocket.on("live_state", (frame) => {
    swapFragments(frame.html);
    hideOwnRoomLink();
    setTimer(frame.seconds_left);
    follow(frame);
  });

  pageSocket.on("live_announcement", ({ text }) => {
    const box = status();
    if (!box) return;
    let line = box.querySelector("[data-announcement]");
    if (!line) {
      line = document.createElement("p");
      line.className = "live-announcement";
      line.dataset.announcement = "";
      box.querySelector("h2").after(line);
    }
    line.textContent = interpolate(gettext("From the host: %(text)s"), { text }, true);
    line.setAttribute("role", "status");
    line.classList.remove("live-announcement--fresh");
    void line.offsetWidth; // restart the highlight
    line.classList.add("live-announcement--fresh");
  });

  pageSocket.on("live_warning", () => {
    const warning = status() && status().querySelector("[data-warning]");
    if (warning) warning.hidden = false;
  });

  pageSocket.on("error", (frame) => {
    if (frame.code && frame.message) say(frame.message);
  });

  document.body.addEventListener("htmx:responseError", (event) => {
    if (!root.contains(event.target) && !event.target.closest("[data-live-session]")) return;
    say(decode(event.detail.xhr.responseText || gettext("That did not work; please try again.")));
  });
  // A control's reply is the fresh fragment (forms swap nothing themselves): put in
  // whichever parts this page shows, so the page is current even before the socket says.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.successful || !root.contains(event.target)) return;
    say("");
    swapFragments(event.detail.xhr.responseText);
    hideOwnRoomLink();
    const form = event.target.closest("form[data-reset-on-success]");
    if (form) form.reset();
  });
}
