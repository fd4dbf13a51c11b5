// A channel page, live: on top of the page's socket (/ws/me/channels/<id>/).
// Without it (or without a socket) every form still posts over HTTP and reloads.
import { attachedCount, clearFiles, sendForm } from "./attachments.js";
import { setupComposerAutocomplete } from "./composer-autocomplete.js";
import { hasEmojiFont, openEmojiPicker } from "./emoji-picker.js";
import { pageSocket } from "./page-socket.js";

const chat = document.querySelector("[data-lounge-chat]");
// The phone layout (lounge.css uses the same width): drawers, no focus on open.
const PHONE = window.matchMedia("(max-width: 37.5rem)");
// A post not acknowledged within this long means the socket has stalled.
const ACK_WAIT_MS = 5000;
// What a presence dot says to a screen reader, in the page's language.
const PRESENCE_LABELS = {
  online: pgettext("presence", "online"),
  idle: pgettext("presence", "idle"),
  offline: pgettext("presence", "offline"),
};

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
  // The channel's list of messages (not on a thread's own page).
  const list = document.getElementById(`channel-${chat.dataset.channelId}-messages`);
  const state = {
    lastSeq: parseInt(chat.dataset.lastSeq || "0", 10),
    // Server time of the page or of the last resume: changes after it are fetched.
    syncedAt: chat.dataset.syncedAt,
    resuming: false,
    pending: new Map(), // client id -> post frame not yet acknowledged
    posting: new Set(), // client ids being sent over HTTP right now
    stallTimer: null,
    typingSentAt: 0,
    typers: {},
    readTimer: null,
  };

  // The box a post was written in: the channel's, or the thread's it replies in.
  const composer = (threadId) =>
    threadId
      ? document.querySelector(`[data-lounge-composer][data-thread="${CSS.escape(String(threadId))}"]`)
      : document.querySelector("[data-lounge-composer]:not([data-thread])");

  // The lists on this page that show a row: the channel's (unless the row is a reply
  // only in its thread) and the open thread's, whose rows carry the "thread-" prefix.
  function listsFor(threadId, inChannel) {
    const lists = [];
    if (inChannel && list) lists.push({ element: list, prefix: "" });
    const thread = threadId && document.getElementById(`thread-${threadId}-messages`);
    if (thread) lists.push({ element: thread, prefix: "thread-" });
    return lists;
  }

  function withPrefix(article, prefix) {
    if (prefix) article.id = prefix + article.id;
    return article;
  }

  function scrollerOf(element) {
    return element.closest("[data-chat-scroll], .thread-panel__scroll");
  }

  function nearBottom(box = scroller) {
    return !box || box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  }

  function scrollToBottom(box = scroller) {
    if (box) box.scrollTop = box.scrollHeight;
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

  // Rows being sent stay below every stored row until the server has them.
  function insertInOrder(target, article) {
    const seq = parseInt(article.dataset.seq, 10);
    const empty = target.querySelector(".chat__empty");
    if (empty) empty.remove();
    const box = scrollerOf(target);
    const stick = nearBottom(box);
    const rows = target.querySelectorAll("article.msg[data-seq]");
    let before = target.querySelector(".msg--sending");
    for (let i = rows.length - 1; i >= 0; i--) {
      if (parseInt(rows[i].dataset.seq, 10) > seq) before = rows[i];
      else break;
    }
    target.insertBefore(article, before);
    window.htmx.process(article);
    const id = article.id.replace(/^.*message-/, "");
    const sent = target.querySelector(`.msg--sending[data-message-id="${id}"]`);
    if (sent) sent.remove();
    if (stick) scrollToBottom(box);
  }

  function hasRow(id) {
    return document.getElementById(`message-${id}`) || document.getElementById(`thread-message-${id}`);
  }

  function showReconnecting() {
    if (status && document.querySelector("[data-lounge-composer]")) status.hidden = false;
  }

  function sendingRow(clientId) {
    return document.querySelector(`.msg--sending[data-client-id="${CSS.escape(clientId)}"]`);
  }

  // What I sent, shown as plain text marked "sending…" until the server has stored it,
  // in the list it was written for.
  function addSendingRow(frame) {
    const [target] = listsFor(frame.thread_root, !frame.thread_root || frame.also_in_channel).reverse();
    if (!target) return;
    const row = document.createElement("article");
    row.className = "msg msg--sending";
    row.dataset.clientId = frame.client_id;
    const meta = document.createElement("header");
    meta.className = "msg__meta";
    const author = document.createElement("span");
    author.className = "msg__author";
    author.textContent = chat.dataset.viewerName;
    const label = document.createElement("span");
    label.className = "msg__sending";
    label.textContent = gettext("sending…");
    meta.append(author, label);
    const body = document.createElement("p");
    body.className = "msg__body msg__body--sending";
    body.textContent = frame.body;
    row.append(meta, body);
    const empty = target.element.querySelector(".chat__empty");
    if (empty) empty.remove();
    target.element.append(row);
    scrollToBottom(scrollerOf(target.element));
  }

  // The server has the message: its real row replaces the "sending…" one, now or
  // when it arrives.
  function settle(clientId, messageId) {
    const frame = state.pending.get(clientId);
    if (frame && frame.thread_root) showFollowing(frame.thread_root);
    state.pending.delete(clientId);
    if (!state.pending.size) clearTimeout(state.stallTimer);
    const row = sendingRow(clientId);
    if (!row) return;
    if (hasRow(messageId)) row.remove();
    else row.dataset.messageId = messageId;
  }

  // Posting in a thread follows it (lounge.actions.threads): its open panel or page
  // says so at once rather than still offering "Follow thread".
  function showFollowing(rootId) {
    for (const form of document.querySelectorAll(`[data-thread-follow="${rootId}"]`)) {
      form.querySelector("input[name=following]").value = "0";
      const button = form.querySelector("button");
      button.setAttribute("aria-pressed", "true");
      button.title = gettext("New replies notify you");
      button.textContent = gettext("Following");
    }
  }

  // Refused (too long, muted, rate limited…): the text goes back into the box with its
  // client id, so sending it again can never store it twice.
  function refuse(clientId, message) {
    const failed = state.pending.get(clientId);
    if (failed) {
      const form = composer(failed.thread_root);
      if (form) {
        const body = form.querySelector("textarea[name=body]");
        if (!body.value) {
          body.value = failed.body;
          form.querySelector("input[name=client_id]").value = failed.client_id;
        }
      }
      state.pending.delete(clientId);
      const row = sendingRow(clientId);
      if (row) row.remove();
    }
    composerError(message, failed && failed.thread_root);
  }

  function stalled() {
    if (!state.pending.size) return;
    showReconnecting();
    socket.reconnect();
  }

  function send(frame) {
    if (socket.send(frame)) {
      clearTimeout(state.stallTimer);
      state.stallTimer = setTimeout(stalled, ACK_WAIT_MS);
    } else {
      postOverHttp(frame);
    }
  }

  // With the socket down the server may still be there (its channel layer is what
  // failed): try the form's own URL with the same client id. If that fails too, the
  // post waits for the socket; the server keeps one message per client id either way.
  async function postOverHttp(frame) {
    const form = composer(frame.thread_root);
    if (!form || state.posting.has(frame.client_id)) return;
    state.posting.add(frame.client_id);
    const data = new FormData();
    data.set("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.set("body", frame.body);
    data.set("client_id", frame.client_id);
    data.set("reply_to", frame.reply_to);
    data.set("thread_root", frame.thread_root);
    if (frame.also_in_channel) data.set("also_in_channel", "on");
    let response;
    let html;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
      });
      html = await response.text();
    } catch (error) {
      return; // offline: the socket sends it when it is back
    } finally {
      state.posting.delete(frame.client_id);
    }
    if (!state.pending.has(frame.client_id)) return; // the socket was quicker
    const template = document.createElement("template");
    template.innerHTML = html;
    if (response.ok) {
      const article = template.content.querySelector("article.msg");
      if (!article) return;
      const id = article.id.replace(/^.*message-/, "");
      const [target] = listsFor(frame.thread_root, !frame.thread_root || frame.also_in_channel).reverse();
      if (target && !hasRow(id)) {
        article.id = `${target.prefix}message-${id}`;
        insertInOrder(target.element, article);
        const seq = parseInt(article.dataset.seq, 10);
        if (seq === state.lastSeq + 1) state.lastSeq = seq;
      }
      settle(frame.client_id, id);
    } else if (response.status === 422) {
      const error = template.content.querySelector("[data-composer-error]");
      refuse(frame.client_id, error ? error.textContent.trim() : "");
    }
  }

  // Files go over HTTP as the form's own multipart post (attachments.js shows the
  // upload's progress); the reply carries the stored row, and the socket brings it to
  // everyone else. A failed send keeps the text, the files and the client id, so
  // sending again stores it once.
  async function sendWithFiles(form) {
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    composerError("");
    const { status, html } = await sendForm(form);
    button.disabled = false;
    const template = document.createElement("template");
    template.innerHTML = html;
    if (status >= 200 && status < 300) {
      const article = template.content.querySelector("article.msg");
      if (article && list && !hasRow(article.id.replace(/^.*message-/, ""))) {
        insertInOrder(list, article);
        const seq = parseInt(article.dataset.seq, 10);
        if (seq === state.lastSeq + 1) state.lastSeq = seq;
      }
      form.querySelector("textarea[name=body]").value = "";
      form.querySelector("input[name=client_id]").value = newClientId();
      form.querySelector("input[name=reply_to]").value = "";
      const preview = form.querySelector("[data-reply-preview]");
      if (preview) preview.hidden = true;
      clearFiles();
      scrollToBottom();
    } else if (status === 422 || status === 400) {
      const error = template.content.querySelector("[data-composer-error]");
      composerError(error ? error.textContent.trim() : gettext("The files could not be sent."));
    } else if (status === 413) {
      composerError(html.trim());
    } else {
      composerError(
        gettext("The files could not be sent. Check your connection and try again."),
      );
    }
  }

  // A new row: insert in order in each list that shows it, drop duplicates, resume
  // from the last contiguous message on a gap (a reply shown only in a thread that is
  // not open still counts). A changed row replaces the rows with its id.
  function handleMessage(frame) {
    if (!frame.new) {
      ["", "thread-"].forEach((prefix) => {
        const current = document.getElementById(`${prefix}message-${frame.id}`);
        if (!current) return;
        const article = withPrefix(parseElement(frame.html), prefix);
        const refocus = menu.follow(current, article);
        current.replaceWith(article);
        refocus();
        window.htmx.process(article);
      });
      return;
    }
    if (frame.seq <= state.lastSeq && hasRow(frame.id)) return;
    if (frame.seq > state.lastSeq + 1 && !state.resuming) {
      resume();
      return;
    }
    let article = null;
    listsFor(frame.thread, frame.in_channel).forEach(({ element, prefix }) => {
      if (document.getElementById(`${prefix}message-${frame.id}`)) return;
      article = withPrefix(parseElement(frame.html), prefix);
      insertInOrder(element, article);
    });
    if (frame.seq === state.lastSeq + 1) state.lastSeq = frame.seq;
    if (article && state.typers[article.dataset.author]) {
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
    else if (names.length === 1) {
      box.textContent = interpolate(gettext("%(name)s is typing…"), { name: names[0] }, true);
    } else {
      const shown = names.slice(0, 3).join(", ");
      box.textContent = interpolate(gettext("%(names)s are typing…"), { names: shown }, true);
    }
  }

  function setPresence(users) {
    Object.entries(users).forEach(([id, presence]) => {
      document.querySelectorAll(`[data-presence-user="${id}"]`).forEach((dot) => {
        dot.className = `presence presence--${presence}`;
        const label = dot.querySelector(".visually-hidden");
        if (label) label.textContent = PRESENCE_LABELS[presence] || presence;
      });
    });
  }

  function composerError(text, threadId) {
    const form = composer(threadId);
    const box = form && form.querySelector("[data-composer-error]");
    if (box) box.textContent = text;
  }

  function disableComposer(text) {
    document.querySelectorAll("[data-lounge-composer]").forEach((form) => form.remove());
    if (status) {
      status.textContent = text;
      status.hidden = false;
    }
  }

  socket
    .on("message", handleMessage)
    .on("ack", (frame) => settle(frame.client_id, frame.id))
    .on("error", (frame) => refuse(frame.client_id, frame.message))
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
    .on("signed_out", () => disableComposer(gettext("You signed out. Sign in again to keep chatting.")))
    .on("membership", (frame) => {
      if (frame.state === "reader") disableComposer(gettext("You left this channel; you can still read it."));
    })
    .on("posting", (frame) => {
      // Muted or unmuted (or the channel locked) by a moderator while the page is open.
      if (!frame.allowed) disableComposer(frame.message);
      else if (!document.querySelector("[data-lounge-composer]")) window.location.reload();
    });

  socket.onOpen(() => {
    if (status) status.hidden = true;
    resume();
    state.pending.forEach(send); // the same client ids
  });
  socket.onClose(() => {
    state.resuming = false;
    clearTimeout(state.stallTimer);
    showReconnecting();
    // Each failed reconnect (with its backoff) is also when HTTP is tried again.
    state.pending.forEach((frame) => postOverHttp(frame));
  });

  // Sending: over the socket when it is open, else over HTTP; kept on the page as
  // "sending…" until the server has it.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!form.matches("[data-lounge-composer]")) return;
      event.preventDefault();
      event.stopPropagation();
      if (!form.dataset.thread && attachedCount()) {
        sendWithFiles(form);
        return;
      }
      const body = form.querySelector("textarea[name=body]");
      if (!body.value.trim()) return;
      const clientId = form.querySelector("input[name=client_id]");
      const replyTo = form.querySelector("input[name=reply_to]");
      const also = form.querySelector("input[name=also_in_channel]");
      const frame = {
        type: "post",
        body: body.value,
        client_id: clientId.value,
        reply_to: replyTo.value || "",
        thread_root: form.dataset.thread || "",
        also_in_channel: Boolean(also && also.checked),
      };
      state.pending.set(frame.client_id, frame);
      addSendingRow(frame);
      send(frame);
      body.value = "";
      clientId.value = newClientId();
      replyTo.value = "";
      if (also) also.checked = false;
      const preview = form.querySelector("[data-reply-preview]");
      if (preview) preview.hidden = true;
      composerError("", frame.thread_root);
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
  // A thread panel that opened while a reply was on its way (rendered before the
  // reply was stored, the reply's frame come before the panel): fetch it again.
  document.addEventListener("thread:opened", (event) => {
    const synced = parseInt(event.detail.panel.dataset.syncedSeq || "0", 10);
    if (synced < state.lastSeq) event.detail.reload();
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
  // Where the report and moderation forms open, inside the menu.
  const slots = menu.querySelectorAll(".msg__report-slot");
  const reply = menu.querySelector("[data-reply-to]");
  let toggle = null; // the link of the row the menu is open in

  function close({ focus = false } = {}) {
    if (!toggle) return;
    menu.querySelectorAll("[data-emoji-picker]").forEach((picker) => picker.remove());
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
        // Only items htmx loads in place (Edit); "Reply in thread" is a plain link.
        if (item.hasAttribute("hx-get")) item.setAttribute("hx-get", target);
      }
    });
    if (reply) {
      const id = row.id.replace(/^.*message-/, "");
      reply.dataset.replyTo = id;
      reply.dataset.replyName = row.querySelector(".msg__author").textContent;
      reply.setAttribute("href", `?reply=${id}#composer`);
    }
    slots.forEach((slot) => slot.replaceChildren());
    place(link);
    menu.hidden = false;
    window.htmx.process(menu); // its links changed: htmx reads them again
    menu.scrollIntoView({ block: "nearest" });
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

  // "More reactions": the emoji picker; the chosen one is sent by the menu's reaction
  // form, as if it were one of the six.
  const more = menu.querySelector("[data-emoji-more]");
  if (more) {
    more.hidden = false;
    more.addEventListener("click", () => {
      const form = more.closest("form");
      openEmojiPicker({
        anchor: more,
        dataUrl: more.dataset.emojiData,
        onPick(emoji) {
          const value = document.createElement("input");
          value.type = "hidden";
          value.name = "emoji";
          value.value = emoji;
          form.append(value);
          form.addEventListener("htmx:afterRequest", () => value.remove(), { once: true });
          form.requestSubmit();
        },
      });
    });
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
  // Escape closes the menu from inside it, from its link, or when focus was lost (a
  // click on the row's text); not from the message box or anything else.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle) return;
    const focused = document.activeElement;
    if (menu.contains(focused) || focused === toggle || focused === document.body || !focused) {
      event.preventDefault();
      close({ focus: true });
    }
  });
  // The report and moderation forms grow the menu (part of the row, so never clipped):
  // show all of it.
  document.addEventListener("htmx:afterSwap", (event) => {
    const slot = event.detail.target;
    if (Array.from(slots).includes(slot)) slot.scrollIntoView({ block: "nearest" });
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
    const form = document.querySelector("[data-lounge-composer]:not([data-thread])");
    if (!form || (!link && !cancel)) return;
    const preview = form.querySelector("[data-reply-preview]");
    if (link) {
      event.preventDefault();
      form.querySelector("input[name=reply_to]").value = link.dataset.replyTo;
      const replying = gettext("Replying to %(name)s");
      preview.firstChild.textContent = `${interpolate(replying, { name: link.dataset.replyName }, true)} `;
      preview.hidden = false;
      menu.close();
      form.querySelector("textarea").focus();
    } else {
      form.querySelector("input[name=reply_to]").value = "";
      preview.hidden = true;
    }
  });
}

// A thread opens in a panel beside the messages (a drawer on a phone) from a row's
// "4 replies" link or the menu's "Reply in thread"; without this script (or with a
// modifier key) those links open the thread's own page.
function setupThreads(menu) {
  const slot = chat.querySelector("[data-thread-slot]");
  if (!slot) return;
  let openerId = null; // the row the thread was opened from, for focus on close

  function close() {
    if (!slot.firstElementChild) return;
    slot.replaceChildren();
    const row = openerId && document.getElementById(openerId);
    const back = row && row.querySelector("[data-thread-open], [data-message-menu-toggle]");
    if (back) back.focus();
  }

  async function open(url) {
    let response;
    try {
      response = await fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" });
    } catch (error) {
      window.location.assign(url);
      return;
    }
    if (!response.ok) {
      window.location.assign(url);
      return;
    }
    slot.innerHTML = await response.text();
    const panel = slot.querySelector("[data-thread-panel]");
    if (!panel) return;
    window.htmx.process(panel);
    const scroller = panel.querySelector(".thread-panel__scroll");
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
    const box = panel.querySelector("[data-lounge-composer] textarea");
    (box && !PHONE.matches ? box : panel).focus({ preventScroll: true });
    document.dispatchEvent(
      new CustomEvent("thread:opened", { detail: { panel, reload: () => open(url) } }),
    );
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-thread-open]");
    if (link && !(event.ctrlKey || event.metaKey || event.shiftKey || event.button)) {
      event.preventDefault();
      const row = link.closest("article.msg");
      openerId = row && row.id;
      menu.close();
      open(link.getAttribute("href"));
      return;
    }
    if (event.target.closest && event.target.closest("[data-thread-close]")) close();
  });
  document.addEventListener("keydown", (event) => {
    // After the message menu's own Escape (which closes the menu first).
    if (event.key !== "Escape" || event.defaultPrevented) return;
    if (!slot.contains(document.activeElement)) return;
    event.preventDefault();
    close();
  });
}

// On open: the first unread message, else the newest. While the newest is in view it
// stays in view when the list or its messages change size (the phone's keyboard opens,
// a drawer closes, the window is resized, a picture loads).
function scrollOnOpen() {
  const scroller = chat.querySelector("[data-chat-scroll]");
  if (!scroller) return;
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  const firstUnread = document.getElementById("first-unread");
  if (firstUnread) scroller.scrollTop = firstUnread.offsetTop - scroller.offsetTop - 40;
  else scroller.scrollTop = scroller.scrollHeight;
  // Not when the address points at a message: the browser brings that one into view.
  let stick = !window.location.hash.startsWith("#message-") && atBottom();
  scroller.addEventListener("scroll", () => (stick = atBottom()), { passive: true });
  const keepNewest = new ResizeObserver(() => {
    if (stick) scroller.scrollTop = scroller.scrollHeight;
  });
  keepNewest.observe(scroller);
  // The messages grow too after they are in place: a picture takes its height when it
  // has loaded, after the row that brought it was scrolled into view.
  if (scroller.firstElementChild) keepNewest.observe(scroller.firstElementChild);
}

// The height the page may use: the visual viewport shrinks when the on-screen keyboard
// opens where 100dvh does not (iOS), so the composer stays above the keyboard.
function trackViewport() {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const set = () => document.documentElement.style.setProperty("--viewport-height", `${viewport.height}px`);
  set();
  viewport.addEventListener("resize", set);
}

// On a phone the channel list and the member list are drawers opened from the header.
// Without JavaScript (or wider than a phone) they stay in the page and the buttons are
// not shown.
function setupDrawers() {
  const backdrop = chat.querySelector("[data-drawer-backdrop]");
  let current = null; // { toggle, drawer } of the open drawer

  function close({ focus = true } = {}) {
    if (!current) return;
    current.drawer.classList.remove("is-open");
    current.toggle.setAttribute("aria-expanded", "false");
    backdrop.hidden = true;
    if (focus) current.toggle.focus();
    current = null;
  }

  function open(toggle) {
    close({ focus: false });
    const drawer = document.getElementById(toggle.getAttribute("aria-controls"));
    drawer.classList.add("is-open");
    toggle.setAttribute("aria-expanded", "true");
    backdrop.hidden = false;
    current = { toggle, drawer };
    const first = Array.from(drawer.querySelectorAll("a[href], button, input, select, textarea")).find(
      (item) => item.getClientRects().length > 0,
    );
    (first || drawer).focus();
  }

  chat.querySelectorAll("[data-drawer-toggle]").forEach((toggle) => {
    toggle.addEventListener("click", () => {
      if (current && current.toggle === toggle) close();
      else open(toggle);
    });
  });
  // Pressing the backdrop would move focus to the page (and close the drawer without
  // giving focus back): keep focus where it is until the click closes it.
  backdrop.addEventListener("mousedown", (event) => event.preventDefault());
  backdrop.addEventListener("click", () => close());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) {
      event.preventDefault();
      close();
    }
  });
  // Tabbing out of an open drawer closes it rather than leaving it over the page.
  document.addEventListener("focusin", (event) => {
    if (current && !current.drawer.contains(event.target) && event.target !== current.toggle) {
      close({ focus: false });
    }
  });
  PHONE.addEventListener("change", () => close({ focus: false }));
}

// The cards of the app that owns a chat (a coffee chat's times and check-in) come
// open; on a phone the conversation needs the room, so they start folded there.
function foldCardsOnPhone() {
  if (!PHONE.matches) return;
  chat.querySelectorAll("details[data-channel-card]").forEach((card) => {
    card.open = false;
  });
}

// On a desktop the message box has focus when a channel opens, unless the address
// points at a message; on a phone that would open the keyboard over the conversation.
function focusComposer() {
  const box = document.querySelector("[data-lounge-composer] textarea");
  if (!box || PHONE.matches) return;
  if (window.location.hash && window.location.hash !== "#composer") return;
  box.focus({ preventScroll: true });
}

if (chat) {
  // Without an emoji font, reactions show their emoji's name (lounge.css).
  if (!hasEmojiFont()) document.documentElement.dataset.emojiFont = "none";
  const menu = setupMenu();
  setupReplies(menu);
  setupThreads(menu);
  setupComposerAutocomplete();
  trackViewport();
  setupDrawers();
  foldCardsOnPhone();
  scrollOnOpen();
  focusComposer();
  if (pageSocket) setupChat(pageSocket, menu);
}
