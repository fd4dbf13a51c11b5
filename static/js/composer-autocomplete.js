// Suggestions in a message box as you type: "@" suggests the channel's people (and group
// mentions such as @here), ":" and a word suggests emoji by name. A listbox by the box,
// ArrowUp/ArrowDown to move, Enter or Tab to take one, Escape to close. People come from
// the channel's own list (`data-mention-url` on the form), so who is in the channel is
// always current; emoji from the picker's data set.
import { emojiGroups, searchEmoji } from "./emoji-picker.js";

const WAIT_MS = 120;
const SOURCES = [
  {
    // "@word" just before the caret, not inside a word or an e-mail address.
    pattern: /(^|[^\w@])@([\w.+-]{0,30})$/,
    label: gettext("People to mention"),
    async find(form, text) {
      if (!form.dataset.mentionUrl) return [];
      const response = await fetch(`${form.dataset.mentionUrl}?q=${encodeURIComponent(text)}`, {
        credentials: "same-origin",
      });
      if (!response.ok) return [];
      const { suggestions } = await response.json();
      return suggestions.map((item) => ({ key: `@${item.handle}`, label: item.label, text: `@${item.handle} ` }));
    },
  },
  {
    // ":name" of two letters or more after a space or at the start.
    pattern: /(^|\s):([a-z0-9_+-]{2,30})$/i,
    label: gettext("Emoji"),
    async find(form, text) {
      if (!form.dataset.emojiData) return [];
      const groups = await emojiGroups(form.dataset.emojiData);
      return searchEmoji(groups, text, 8).map((entry) => ({ key: entry.emoji, label: entry.name, text: entry.emoji }));
    },
  },
];

export function setupComposerAutocomplete() {
  let state = null; // { area, list, items, active, start } while suggestions are shown
  let timer = null;
  let asked = 0; // the latest request: older answers are dropped

  function close() {
    if (!state) return;
    state.list.remove();
    state.area.removeAttribute("aria-activedescendant");
    state.area.removeAttribute("aria-controls");
    state = null;
  }

  function choose(index) {
    const { area, items, start } = state;
    const { text } = items[index];
    const caret = area.selectionStart;
    area.value = `${area.value.slice(0, start)}${text}${area.value.slice(caret)}`;
    const after = start + text.length;
    area.setSelectionRange(after, after);
    close();
    area.focus();
  }

  function typedInFull() {
    const { area, items, active, start } = state;
    return area.value.slice(start, area.selectionStart) === items[active].key;
  }

  function highlight(index) {
    state.active = index;
    state.list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    state.area.setAttribute("aria-activedescendant", `${state.list.id}-${index}`);
  }

  function show(area, items, start, label) {
    close();
    if (!items.length) return;
    const list = document.createElement("ul");
    list.id = `${area.id}-suggestions`;
    list.className = "composer-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label);
    items.forEach((item, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      const key = document.createElement("strong");
      key.textContent = item.key;
      const name = document.createElement("span");
      name.textContent = item.label;
      option.append(key, " ", name);
      // mousedown, not click: the box keeps its focus (and its caret).
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(index);
      });
      list.append(option);
    });
    area.closest(".composer__row").after(list);
    // A textbox may point at the active option; it may not say it is expanded.
    area.setAttribute("aria-controls", list.id);
    area.setAttribute("aria-autocomplete", "list");
    state = { area, list, items, active: 0, start };
    highlight(0);
  }

  async function suggest(area) {
    const form = area.form;
    const before = area.value.slice(0, area.selectionStart);
    const source = SOURCES.find((candidate) => candidate.pattern.test(before));
    if (!source || !form) {
      close();
      return;
    }
    const match = source.pattern.exec(before);
    const start = before.length - match[2].length - 1;
    const request = ++asked;
    let items;
    try {
      items = await source.find(form, match[2]);
    } catch (error) {
      return; // offline: no suggestions, typing goes on
    }
    if (request !== asked || document.activeElement !== area) return;
    show(area, items, start, source.label);
  }

  document.addEventListener("input", (event) => {
    const area = event.target;
    if (!area.matches || !area.matches("[data-lounge-composer] textarea")) return;
    clearTimeout(timer);
    timer = setTimeout(() => suggest(area), WAIT_MS);
  });

  // Before the message box's own keys (Enter sends): while suggestions are shown,
  // these keys belong to them.
  document.addEventListener(
    "keydown",
    (event) => {
      if (!state || event.target !== state.area) return;
      const count = state.items.length;
      let handled = true;
      if (event.key === "ArrowDown") highlight((state.active + 1) % count);
      else if (event.key === "ArrowUp") highlight((state.active - 1 + count) % count);
      else if (event.key === "Enter" && typedInFull()) {
        // Nothing left to complete ("@bob" typed in full): Enter sends as usual.
        close();
        handled = false;
      } else if (event.key === "Enter" || event.key === "Tab") choose(state.active);
      else if (event.key === "Escape") close();
      else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
  document.addEventListener("focusout", (event) => {
    if (state && event.target === state.area) close();
  });
}
