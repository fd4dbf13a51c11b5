// A channel page, live: on top of the page's socket (/ws/me/channels/<id>/).
// Without it (or without a socket) every form still posts over HTTP and reloads.
import { pageSocket } from "./page-socket.js";

const chat = document.querySelector("[data-lounge-chat]");

function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

function parseElement(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

function setupChat(socket) {
  const TYPING_EVERY_MS = parseInt(chat.dataset.typingEveryMs, 10);
  const TYPING_SHOWN_MS = parseInt(chat.dataset.typingShownMs, 10);
  const status = chat.querySelector("[data-live-status]");
  const scroller = chat.querySelector("[data-chat-scroll]");
  const list = document.getElementById(`channel-${chat.dataset.channelId}-messages`);
  const state = {
    lastSeq: parseInt(chat.dataset.lastSeq || "0", 10),
    // Server time of the page or of the last resume: changes after it are fetched.
    syncedAt: chat.dataset.syncedAt,
    resuming: false,
    pending: new Map(), // client id -> post frame not yet acknowledged
    typingSentAt: 0,
    typers: {},
    readTimer: null,
  };

  const composer = () => document.querySelector("[data-lounge-composer]");

  function nearBottom() {
    return !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  }

  function scrollToBottom() {
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  function markRead() {
    if (document.visibilityState !== "visible") return;
    clearTimeout(state.readTimer);
    state.readTimer = setTimeout(() => socket.send({ type: "read", seq: state.lastSeq }), 800);
  }

  function resume() {
    state.resuming = true;
    socket.send({ type: "resume", after: state.lastSeq, changed_since: state.syncedAt });
  }

  function insertInOrder(article) {
    const seq = parseInt(article.dataset.seq, 10);
    const empty = list.querySelector(".chat__empty");
    if (empty) empty.remove();
    const stick = nearBottom();
    const rows = list.querySelectorAll("article.msg[data-seq]");
    let before = null;
    for (let i = rows.length - 1; i >= 0; i--) {
      if (parseInt(rows[i].dataset.seq, 10) > seq) before = rows[i];
      else break;
    }
    list.insertBefore(article, before);
    window.htmx.process(article);
    if (stick) scrollToBottom();
  }

  // A new row: insert in order, drop duplicates, resume from the last contiguous
  // message on a gap. A changed row replaces the one with its id.
  function handleMessage(frame) {
    const article = parseElement(frame.html);
    if (!article) return;
    const current = document.getElementById(article.id);
    if (!frame.new) {
      if (current) {
        current.replaceWith(article);
        window.htmx.process(article);
      }
      return;
    }
    if (current) return;
    if (frame.seq > state.lastSeq + 1 && !state.resuming) {
      resume();
      return;
    }
    insertInOrder(article);
    if (frame.seq === state.lastSeq + 1) state.lastSeq = frame.seq;
    if (state.typers[article.dataset.author]) {
      delete state.typers[article.dataset.author];
      showTyping();
    }
    markRead();
  }

  function showTyping() {
    const box = chat.querySelector("[data-typing]");
    if (!box) return;
    const now = Date.now();
    const names = Object.keys(state.typers)
      .filter((id) => state.typers[id].until > now)
      .map((id) => state.typers[id].name);
    if (!names.length) box.textContent = "";
    else if (names.length === 1) box.textContent = `${names[0]} is typing…`;
    else box.textContent = `${names.slice(0, 3).join(", ")} are typing…`;
  }

  function setPresence(users) {
    Object.entries(users).forEach(([id, presence]) => {
      document.querySelectorAll(`[data-presence-user="${id}"]`).forEach((dot) => {
        dot.className = `presence presence--${presence}`;
        const label = dot.querySelector(".visually-hidden");
        if (label) label.textContent = presence;
      });
    });
  }

  function composerError(text) {
    const box = document.querySelector("[data-composer-error]");
    if (box) box.textContent = text;
  }

  function disableComposer(text) {
    const form = composer();
    if (form) form.remove();
    if (status) {
      status.textContent = text;
      status.hidden = false;
    }
  }

  socket
    .on("message", handleMessage)
    .on("ack", (frame) => state.pending.delete(frame.client_id))
    .on("error", (frame) => {
      const failed = frame.client_id && state.pending.get(frame.client_id);
      if (failed) {
        // Put the text back with its client id: sending it again can never store it twice.
        const form = composer();
        if (form) {
          const body = form.querySelector("textarea[name=body]");
          if (!body.value) {
            body.value = failed.body;
            form.querySelector("input[name=client_id]").value = failed.client_id;
          }
        }
        state.pending.delete(frame.client_id);
      }
      composerError(frame.message);
    })
    .on("resumed", (frame) => {
      state.resuming = false;
      if (frame.at) state.syncedAt = frame.at;
      markRead();
    })
    .on("reload", () => window.location.reload())
    // The server could not broadcast a row (its channel layer was busy): fetch it.
    .on("resume", (frame) => {
      if (frame.seq > state.lastSeq && !state.resuming) resume();
    })
    .on("typing", (frame) => {
      state.typers[frame.user] = { name: frame.name, until: Date.now() + TYPING_SHOWN_MS };
      showTyping();
      setTimeout(showTyping, TYPING_SHOWN_MS + 50);
    })
    .on("presence", (frame) => setPresence(frame.users))
    .on("revoked", (frame) => disableComposer(frame.message))
    .on("signed_out", () => disableComposer("You signed out. Sign in again to keep chatting."))
    .on("membership", (frame) => {
      if (frame.state === "reader") disableComposer("You left this channel; you can still read it.");
    })
    .on("posting", (frame) => {
      // Muted or unmuted (or the channel locked) by a moderator while the page is open.
      if (!frame.allowed) disableComposer(frame.message);
      else if (!composer()) window.location.reload();
    });

  socket.onOpen(() => {
    if (status) status.hidden = true;
    resume();
    state.pending.forEach((frame) => socket.send(frame)); // the same client ids
  });
  socket.onClose(() => {
    state.resuming = false;
    if (status && composer()) status.hidden = false;
  });

  // Sending: over the socket when it is open, else the form's own htmx/HTTP post.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!form.matches("[data-lounge-composer]") || !socket.isOpen) return;
      event.preventDefault();
      event.stopPropagation();
      const body = form.querySelector("textarea[name=body]");
      if (!body.value.trim()) return;
      const clientId = form.querySelector("input[name=client_id]");
      const replyTo = form.querySelector("input[name=reply_to]");
      const frame = {
        type: "post",
        body: body.value,
        client_id: clientId.value,
        reply_to: replyTo.value || "",
      };
      state.pending.set(frame.client_id, frame);
      socket.send(frame);
      body.value = "";
      clientId.value = newClientId();
      replyTo.value = "";
      const preview = form.querySelector("[data-reply-preview]");
      if (preview) preview.hidden = true;
      composerError("");
      scrollToBottom();
    },
    true,
  );

  document.addEventListener("keydown", (event) => {
    const area = event.target;
    if (!area.matches || !area.matches("[data-lounge-composer] textarea")) return;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      area.form.requestSubmit();
    }
  });

  document.addEventListener("input", (event) => {
    if (!event.target.matches || !event.target.matches("[data-lounge-composer] textarea")) return;
    const now = Date.now();
    if (now - state.typingSentAt > TYPING_EVERY_MS && event.target.value) {
      state.typingSentAt = now;
      socket.send({ type: "typing" });
    }
  });

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") markRead();
  });
  if (scroller) {
    scroller.addEventListener("scroll", () => {
      if (nearBottom()) markRead();
    });
  }
}

// Replying works without a socket too (the reply id travels in the form).
function setupReplies() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-reply-to]");
    const cancel = event.target.closest && event.target.closest("[data-reply-cancel]");
    const form = document.querySelector("[data-lounge-composer]");
    if (!form || (!link && !cancel)) return;
    const preview = form.querySelector("[data-reply-preview]");
    if (link) {
      event.preventDefault();
      form.querySelector("input[name=reply_to]").value = link.dataset.replyTo;
      preview.firstChild.textContent = `Replying to ${link.dataset.replyName} `;
      preview.hidden = false;
      const details = link.closest("details");
      if (details) details.removeAttribute("open");
      form.querySelector("textarea").focus();
    } else {
      form.querySelector("input[name=reply_to]").value = "";
      preview.hidden = true;
    }
  });
}

function scrollToFirstUnread() {
  const scroller = chat.querySelector("[data-chat-scroll]");
  if (!scroller) return;
  const firstUnread = document.getElementById("first-unread");
  if (firstUnread) scroller.scrollTop = firstUnread.offsetTop - scroller.offsetTop - 40;
  else scroller.scrollTop = scroller.scrollHeight;
}

if (chat) {
  setupReplies();
  scrollToFirstUnread();
  if (pageSocket) setupChat(pageSocket);
}
