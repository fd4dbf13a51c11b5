// "@" in a message box suggests the channel's people (and group mentions such as
// @here) as you type: a listbox under the box, ArrowUp/ArrowDown to move, Enter or Tab
// to take one, Escape to close. The suggestions come from the channel's own list
// (`data-mention-url` on the form), so who is in the channel is always current.

// The "@word" just before the caret, not inside a word or an e-mail address.
const TRIGGER = /(^|[^\w@])@([\w.+-]{0,30})$/;
const WAIT_MS = 120;

export function setupMentionAutocomplete() {
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
    const handle = items[index].handle;
    const caret = area.selectionStart;
    area.value = `${area.value.slice(0, start)}@${handle} ${area.value.slice(caret)}`;
    const after = start + handle.length + 2;
    area.setSelectionRange(after, after);
    close();
    area.focus();
  }

  function highlight(index) {
    state.active = index;
    state.list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    state.area.setAttribute("aria-activedescendant", `${state.list.id}-${index}`);
  }

  function show(area, items, start) {
    close();
    if (!items.length) return;
    const list = document.createElement("ul");
    list.id = `${area.id}-mentions`;
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People to mention");
    items.forEach((item, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      const handle = document.createElement("strong");
      handle.textContent = `@${item.handle}`;
      const label = document.createElement("span");
      label.textContent = item.label;
      option.append(handle, " ", label);
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
    const match = TRIGGER.exec(before);
    if (!match || !form || !form.dataset.mentionUrl) {
      close();
      return;
    }
    const start = before.length - match[2].length - 1;
    const request = ++asked;
    let items;
    try {
      const response = await fetch(`${form.dataset.mentionUrl}?q=${encodeURIComponent(match[2])}`, {
        credentials: "same-origin",
      });
      if (!response.ok) return;
      items = (await response.json()).suggestions;
    } catch (error) {
      return; // offline: no suggestions, typing goes on
    }
    if (request !== asked || document.activeElement !== area) return;
    show(area, items, start);
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
      else if (event.key === "Enter" || event.key === "Tab") choose(state.active);
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
