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

function setupChat(socket, menu) {
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
        const refocus = menu.follow(current, article);
        current.replaceWith(article);
        refocus();
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

// The page's one actions menu (react, reply, edit, delete, report), moved into the row
// whose "React · reply" link is used and pointed at that message. Rows stay light;
// without this script the link opens the message's actions page instead.
function setupMenu() {
  const menu = document.querySelector("[data-message-menu]");
  if (!menu) return { close() {}, follow: () => () => {} };
  const home = menu.parentElement;
  const report = menu.querySelector(".msg__report-slot");
  const reply = menu.querySelector("[data-reply-to]");
  let toggle = null; // the link of the row the menu is open in

  function close({ focus = false } = {}) {
    if (!toggle) return;
    menu.hidden = true;
    home.append(menu);
    toggle.setAttribute("aria-expanded", "false");
    if (focus) toggle.focus();
    toggle = null;
  }

  function place(link) {
    link.after(menu);
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", menu.id);
    toggle = link;
  }

  function open(link) {
    close();
    const row = link.closest("article.msg");
    const url = link.getAttribute("href");
    menu.querySelectorAll("[data-menu-path]").forEach((item) => {
      const target = url + item.dataset.menuPath;
      if (item.tagName === "FORM") {
        item.setAttribute("action", target);
        item.setAttribute("hx-post", target);
      } else {
        item.setAttribute("href", target);
        item.setAttribute("hx-get", target);
      }
    });
    if (reply) {
      const id = row.id.slice("message-".length);
      reply.dataset.replyTo = id;
      reply.dataset.replyName = row.querySelector(".msg__author").textContent;
      reply.setAttribute("href", `?reply=${id}#composer`);
    }
    if (report) report.replaceChildren();
    place(link);
    menu.hidden = false;
    window.htmx.process(menu); // its links changed: htmx reads them again
  }

  // A row is about to be replaced by a socket frame (someone reacted, say): keep the
  // menu open in the new row. Returns what to call once the new row is in the page.
  function follow(current, fresh) {
    if (!toggle || !current.contains(menu)) return () => {};
    const focused = menu.contains(document.activeElement) ? document.activeElement : null;
    const link = fresh.querySelector("[data-message-menu-toggle]");
    if (!link) {
      close();
      return () => {};
    }
    place(link);
    return () => focused && focused.focus();
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-message-menu-toggle]");
    if (link) {
      event.preventDefault();
      if (link === toggle) close();
      else open(link);
    } else if (toggle && !menu.contains(event.target)) {
      close();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle) return;
    if (menu.contains(document.activeElement) || document.activeElement === toggle) {
      close({ focus: true });
    }
  });
  // Reacting, editing or deleting replaces the row the menu sits in: take the menu out
  // as the request starts (so neither htmx nor a socket frame takes it away with the
  // row), and when it is done give focus to the new row's link or edit box.
  let swappedRow = null; // id of that row, while focus was in its menu
  document.addEventListener("htmx:beforeRequest", (event) => {
    const { elt, target } = event.detail;
    if (!toggle || !menu.contains(elt) || !target || !target.contains(menu)) return;
    swappedRow = menu.contains(document.activeElement) ? target.id : null;
    close();
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (!swappedRow || !menu.contains(event.detail.elt)) return;
    const row = document.getElementById(swappedRow);
    const focusable = row && row.querySelector("[data-message-menu-toggle], textarea");
    if (focusable) focusable.focus();
    swappedRow = null;
  });
  return { close, follow };
}

// Replying works without a socket too (the reply id travels in the form).
function setupReplies(menu) {
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
      menu.close();
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
  const menu = setupMenu();
  setupReplies(menu);
  scrollToFirstUnread();
  if (pageSocket) setupChat(pageSocket, menu);
}
