// Lounge live chat: progressive enhancement over htmx's ws extension.
// Without this file (or without a socket) every form still posts over HTTP.
(function () {
  "use strict";

  var HEARTBEAT_MS = 15000; // presence.HEARTBEAT_SECONDS
  var IDLE_AFTER_MS = 120000;
  var TYPING_EVERY_MS = 3000;
  var TYPING_SHOWN_MS = 5000;

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function parseHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function setupSocketElement(root) {
    var chat = root.matches("[data-lounge-chat]") ? root : null;
    var state = {
      socket: null,
      open: false,
      lastSeq: chat ? parseInt(chat.dataset.lastSeq || "0", 10) : 0,
      // Server time of the page or of the last resume: changes after it are fetched.
      syncedAt: chat ? chat.dataset.syncedAt : "",
      resuming: false,
      pending: {},
      lastActivity: Date.now(),
      presence: "online",
      typingSentAt: 0,
      typers: {},
      readTimer: null,
    };
    var status = chat && chat.querySelector("[data-live-status]");
    var scroller = chat && chat.querySelector("[data-chat-scroll]");
    var list = chat && document.getElementById("channel-" + chat.dataset.channelId + "-messages");

    function send(frame) {
      if (state.socket && state.open) state.socket.send(JSON.stringify(frame));
    }

    function nearBottom() {
      return !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
    }

    function scrollToBottom() {
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    }

    function markRead() {
      if (!chat || document.visibilityState !== "visible") return;
      clearTimeout(state.readTimer);
      state.readTimer = setTimeout(function () {
        send({ type: "read", seq: state.lastSeq });
      }, 800);
    }

    function currentPresence() {
      var idle = document.visibilityState !== "visible" || Date.now() - state.lastActivity > IDLE_AFTER_MS;
      return idle ? "idle" : "online";
    }

    function heartbeat(force) {
      var now = currentPresence();
      if (force || now !== state.presence) {
        state.presence = now;
        send({ type: "heartbeat", state: now });
      }
    }

    function insertMessage(article) {
      var seq = parseInt(article.dataset.seq, 10);
      var empty = list.querySelector(".chat__empty");
      if (empty) empty.remove();
      var stick = nearBottom();
      var rows = list.querySelectorAll("article.msg[data-seq]");
      var before = null;
      for (var i = rows.length - 1; i >= 0; i--) {
        if (parseInt(rows[i].dataset.seq, 10) > seq) before = rows[i];
        else break;
      }
      list.insertBefore(article, before);
      htmx.process(article);
      if (stick) scrollToBottom();
    }

    // A new message (oob "beforeend" into the list): insert in order, drop
    // duplicates, and resume from the last contiguous message on a gap.
    function handleAppend(article) {
      var seq = parseInt(article.dataset.seq, 10);
      if (document.getElementById(article.id)) return;
      if (seq > state.lastSeq + 1 && !state.resuming) {
        state.resuming = true;
        send({ type: "resume", after: state.lastSeq, changed_since: state.syncedAt });
        return;
      }
      insertMessage(article);
      if (seq === state.lastSeq + 1) state.lastSeq = seq;
      if (state.typers[article.dataset.author]) {
        delete state.typers[article.dataset.author];
        showTyping();
      }
      markRead();
    }

    function showTyping() {
      var box = chat && chat.querySelector("[data-typing]");
      if (!box) return;
      var now = Date.now();
      var names = Object.keys(state.typers)
        .filter(function (id) { return state.typers[id].until > now; })
        .map(function (id) { return state.typers[id].name; });
      if (!names.length) box.textContent = "";
      else if (names.length === 1) box.textContent = names[0] + " is typing…";
      else box.textContent = names.slice(0, 3).join(", ") + " are typing…";
    }

    function setPresence(users) {
      Object.keys(users).forEach(function (id) {
        document.querySelectorAll('[data-presence-user="' + id + '"]').forEach(function (dot) {
          dot.className = "presence presence--" + users[id];
          var label = dot.querySelector(".visually-hidden");
          if (label) label.textContent = users[id];
        });
      });
    }

    function composerError(text) {
      var box = document.querySelector("[data-composer-error]");
      if (box) box.textContent = text;
    }

    function disableComposer(text) {
      var composer = document.querySelector("[data-lounge-composer]");
      if (composer) composer.remove();
      if (status) {
        status.textContent = text;
        status.hidden = false;
      }
    }

    function handleControl(frame) {
      switch (frame.type) {
        case "ack":
          delete state.pending[frame.client_id];
          break;
        case "error":
          if (frame.client_id && state.pending[frame.client_id]) {
            var composer = document.querySelector("[data-lounge-composer] textarea");
            if (composer && !composer.value) composer.value = state.pending[frame.client_id].body;
            delete state.pending[frame.client_id];
          }
          composerError(frame.message);
          break;
        case "resumed":
          state.resuming = false;
          if (frame.at) state.syncedAt = frame.at;
          markRead();
          break;
        case "reload":
          window.location.reload();
          break;
        case "typing":
          state.typers[frame.user] = { name: frame.name, until: Date.now() + TYPING_SHOWN_MS };
          showTyping();
          setTimeout(showTyping, TYPING_SHOWN_MS + 50);
          break;
        case "presence":
          setPresence(frame.users);
          break;
        case "revoked":
          disableComposer(frame.message);
          break;
        case "signed_out":
          disableComposer("You signed out. Sign in again to keep chatting.");
          break;
        case "membership":
          if (frame.state === "reader") disableComposer("You left this channel; you can still read it.");
          break;
        case "posting":
          // Muted or unmuted by a moderator while the page is open.
          if (!frame.allowed) disableComposer(frame.message);
          else if (!document.querySelector("[data-lounge-composer]")) window.location.reload();
          break;
      }
    }

    root.addEventListener("htmx:wsOpen", function (event) {
      state.socket = event.detail.socketWrapper;
      state.open = true;
      root.dataset.live = "open";
      if (status) status.hidden = true;
      if (chat) {
        state.resuming = true;
        send({ type: "resume", after: state.lastSeq, changed_since: state.syncedAt });
        Object.keys(state.pending).forEach(function (id) { send(state.pending[id]); });
      }
      heartbeat(true);
    });

    root.addEventListener("htmx:wsClose", function () {
      state.open = false;
      state.resuming = false;
      root.dataset.live = "closed";
      if (status && document.querySelector("[data-lounge-composer]")) status.hidden = false;
    });

    root.addEventListener("htmx:wsBeforeMessage", function (event) {
      var data = event.detail.message;
      if (typeof data !== "string") return;
      if (data.charAt(0) === "{") {
        event.preventDefault();
        try {
          handleControl(JSON.parse(data));
        } catch (error) {
          /* not for us */
        }
        return;
      }
      var fragment = parseHtml(data);
      var first = fragment.firstElementChild;
      if (!first) return;
      if (chat && first.getAttribute("hx-swap-oob") === "beforeend" && list && first.id === list.id) {
        event.preventDefault();
        Array.prototype.forEach.call(first.querySelectorAll("article.msg"), handleAppend);
        return;
      }
      // Any other swap needs its target on this page (e.g. a badge in the sidebar).
      if (!first.id || !document.getElementById(first.id)) event.preventDefault();
    });

    if (chat) {
      document.addEventListener(
        "submit",
        function (event) {
          var form = event.target;
          if (!form.matches("[data-lounge-composer]") || !state.open) return;
          var body = form.querySelector("textarea[name=body]");
          if (!body.value.trim()) {
            event.preventDefault();
            event.stopPropagation();
            return;
          }
          event.preventDefault();
          event.stopPropagation();
          var clientId = form.querySelector("input[name=client_id]");
          var replyTo = form.querySelector("input[name=reply_to]");
          var frame = { type: "post", body: body.value, client_id: clientId.value, reply_to: replyTo.value || "" };
          state.pending[frame.client_id] = frame;
          send(frame);
          body.value = "";
          clientId.value = newClientId();
          replyTo.value = "";
          var preview = form.querySelector("[data-reply-preview]");
          if (preview) preview.hidden = true;
          composerError("");
          scrollToBottom();
        },
        true
      );

      document.addEventListener("keydown", function (event) {
        var area = event.target;
        if (!area.matches || !area.matches("[data-lounge-composer] textarea")) return;
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          area.form.requestSubmit();
        }
      });

      document.addEventListener("input", function (event) {
        if (!event.target.matches || !event.target.matches("[data-lounge-composer] textarea")) return;
        var now = Date.now();
        if (now - state.typingSentAt > TYPING_EVERY_MS && event.target.value) {
          state.typingSentAt = now;
          send({ type: "typing" });
        }
      });

      document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("[data-reply-to]");
        var cancel = event.target.closest && event.target.closest("[data-reply-cancel]");
        var form = document.querySelector("[data-lounge-composer]");
        if (!form) return;
        var preview = form.querySelector("[data-reply-preview]");
        if (link) {
          event.preventDefault();
          form.querySelector("input[name=reply_to]").value = link.dataset.replyTo;
          preview.firstChild.textContent = "Replying to " + link.dataset.replyName + " ";
          preview.hidden = false;
          var details = link.closest("details");
          if (details) details.removeAttribute("open");
          form.querySelector("textarea").focus();
        } else if (cancel) {
          form.querySelector("input[name=reply_to]").value = "";
          preview.hidden = true;
        }
      });

      if (scroller) {
        scroller.addEventListener("scroll", function () {
          if (nearBottom()) markRead();
        });
      }
      var firstUnread = document.getElementById("first-unread");
      if (firstUnread && scroller) scroller.scrollTop = firstUnread.offsetTop - scroller.offsetTop - 40;
      else scrollToBottom();
    }

    ["mousemove", "keydown", "pointerdown", "focus"].forEach(function (name) {
      window.addEventListener(name, function () {
        state.lastActivity = Date.now();
        heartbeat(false);
      }, { passive: true });
    });
    document.addEventListener("visibilitychange", function () {
      heartbeat(false);
      if (document.visibilityState === "visible") markRead();
    });
    setInterval(function () { heartbeat(true); }, HEARTBEAT_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-lounge-chat], [data-lounge-socket]").forEach(setupSocketElement);
  });
})();
