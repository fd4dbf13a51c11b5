// The emoji picker: every emoji of the vendored data set (static/vendor/
// unicode-emoji-json, fetched on first use), by group, searchable by name. One Tab stop
// for the grid: the arrow keys move through it, Enter or Space picks, Escape closes and
// gives focus back to the button that opened it. Where the system has no emoji font,
// each button shows the emoji's name instead of an empty box.

let loading = null;

// Only what a reaction may be (lounge.actions.messages._is_emoji): no ASCII inside, so
// keycaps such as #️⃣ are left out.
function usable(entry) {
  return !/[\x00-\x7f]/.test(entry.emoji);
}

export function emojiGroups(url) {
  if (!loading) {
    loading = fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : []))
      .then((groups) =>
        groups.map((group) => ({ name: group.name, emojis: group.emojis.filter(usable) })),
      )
      .catch(() => {
        loading = null;
        return [];
      });
  }
  return loading;
}

export function searchEmoji(groups, text, limit = 40) {
  const words = text.toLowerCase().replace(/[_:]/g, " ").split(/\s+/).filter(Boolean);
  const found = [];
  for (const group of groups) {
    for (const entry of group.emojis) {
      if (words.every((word) => entry.name.includes(word))) found.push(entry);
      if (found.length >= limit) return found;
    }
  }
  return found;
}

// Whether this system draws emoji in colour: a colour glyph leaves non-grey pixels.
let colourEmoji = null;
export function hasEmojiFont() {
  if (colourEmoji === null) {
    try {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 16;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.textBaseline = "top";
      context.font = "14px sans-serif";
      context.fillText("\u{1F600}", 0, 0);
      const pixels = context.getImageData(0, 0, 16, 16).data;
      colourEmoji = false;
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
        if (a && (Math.abs(r - g) > 20 || Math.abs(g - b) > 20)) {
          colourEmoji = true;
          break;
        }
      }
    } catch (error) {
      colourEmoji = true; // cannot tell: assume the usual
    }
  }
  return colourEmoji;
}

function emojiButton(entry, textOnly) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = textOnly ? "emoji-grid__item emoji-grid__item--text" : "emoji-grid__item";
  button.dataset.emoji = entry.emoji;
  button.tabIndex = -1;
  button.setAttribute("aria-label", entry.name);
  button.title = entry.name;
  button.textContent = textOnly ? entry.name : entry.emoji;
  return button;
}

// Opens the picker after `anchor`; `onPick(emoji)` is called with the chosen one.
export async function openEmojiPicker({ anchor, dataUrl, onPick }) {
  document.querySelectorAll("[data-emoji-picker]").forEach((open) => open.remove());
  const panel = document.createElement("div");
  panel.className = "emoji-picker-panel";
  panel.dataset.emojiPicker = "";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", gettext("Choose an emoji"));
  const label = document.createElement("label");
  label.className = "visually-hidden";
  label.textContent = gettext("Search emoji");
  const search = document.createElement("input");
  search.type = "search";
  search.className = "emoji-picker-panel__search";
  search.placeholder = gettext("Search emoji");
  search.id = `emoji-search-${Date.now()}`;
  label.htmlFor = search.id;
  const grid = document.createElement("div");
  grid.className = "emoji-grid";
  grid.setAttribute("role", "group");
  grid.setAttribute("aria-label", gettext("Emoji"));
  const status = document.createElement("p");
  status.className = "emoji-picker-panel__status";
  status.setAttribute("role", "status");
  status.textContent = gettext("Loading emoji…");
  panel.append(label, search, status, grid);
  anchor.after(panel);
  search.focus();

  const textOnly = !hasEmojiFont();
  const groups = await emojiGroups(dataUrl);
  let buttons = [];
  let current = 0;

  function render(text) {
    grid.replaceChildren();
    const shown = text
      ? [{ name: gettext("Results"), emojis: searchEmoji(groups, text, 80) }]
      : groups;
    for (const group of shown) {
      if (!group.emojis.length) continue;
      const heading = document.createElement("p");
      heading.className = "emoji-grid__group";
      heading.textContent = group.name;
      grid.append(heading, ...group.emojis.map((entry) => emojiButton(entry, textOnly)));
    }
    buttons = Array.from(grid.querySelectorAll("button"));
    current = 0;
    if (buttons.length) buttons[0].tabIndex = 0;
    status.textContent = buttons.length ? "" : gettext("No emoji match.");
  }

  function close({ focus = true } = {}) {
    panel.remove();
    if (focus) anchor.focus();
  }

  function move(to) {
    if (!buttons.length) return;
    buttons[current].tabIndex = -1;
    current = Math.max(0, Math.min(buttons.length - 1, to));
    buttons[current].tabIndex = 0;
    buttons[current].focus();
  }

  function columns() {
    if (buttons.length < 2) return 1;
    const top = buttons[0].offsetTop;
    const index = buttons.findIndex((button) => button.offsetTop !== top);
    return index > 0 ? index : buttons.length;
  }

  render("");
  search.addEventListener("input", () => render(search.value.trim()));
  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || (event.key === "Enter" && buttons.length)) {
      event.preventDefault();
      if (event.key === "Enter") {
        onPick(buttons[0].dataset.emoji);
        close({ focus: false });
      } else move(0);
    }
  });
  grid.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    onPick(button.dataset.emoji);
    close({ focus: false });
  });
  grid.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(), ArrowUp: -columns() }[
      event.key
    ];
    if (step) {
      event.preventDefault();
      if (step < 0 && current + step < 0) search.focus();
      else move(current + step);
    } else if (event.key === "Home") {
      event.preventDefault();
      move(0);
    } else if (event.key === "End") {
      event.preventDefault();
      move(buttons.length - 1);
    }
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  return { close };
}
