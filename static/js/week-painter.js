// The weekly availability grid, enhanced: paint blocks of hours by dragging (mouse,
// touch or pen), move with arrow keys from one Tab stop, and save the whole week in
// one request per stroke or tool. Without this file the same form still works: tick
// hours and press "Save my week".

const CELL = "input.slot";
const DAYS = 7;
const HOURS = 24;

function setUp(form) {
  const grid = form.querySelector(".week__grid");
  const cells = Array.from(grid.querySelectorAll(CELL));
  const positions = new Map(cells.map((cell) => [cell, cell.value.split("-").map(Number)]));
  const saveButton = form.querySelector("[data-week-save]");
  const status = form.querySelector("[data-week-status]");
  const summary = document.getElementById("free-hours-summary");
  // The rows are hours, so the document order is hour by hour.
  const cellAt = (day, hour) => cells[hour * DAYS + day];

  // Saving happens by itself; the button comes back only when a save fails.
  saveButton.hidden = true;
  form.classList.add("week--live");
  form.querySelector('[data-week-hint="plain"]').hidden = true;
  const hint = form.querySelector('[data-week-hint="painter"]');
  hint.hidden = false;
  grid.setAttribute("aria-describedby", hint.id);

  let stroke = null;
  // The cell a pointer pressed, whose following click must not switch it back.
  let pointerCell = null;

  // One Tab stop for the whole grid (a roving tabindex): the last cell used.
  let active = cells.find((cell) => cell.checked) || cells[0];
  cells.forEach((cell) => {
    cell.tabIndex = cell === active ? 0 : -1;
  });
  function activate(cell) {
    active.tabIndex = -1;
    active = cell;
    active.tabIndex = 0;
  }

  // Saves run one after another and always send the week as it is when sent, so
  // a late answer never undoes a newer stroke.
  let version = 0;
  let queue = Promise.resolve();
  function save(submitter) {
    version += 1;
    queue = queue.then(() => send(submitter));
  }
  async function send(submitter) {
    const sentVersion = version;
    const body = new FormData(form);
    body.set("tool", submitter ? submitter.value : "save");
    status.textContent = gettext("Saving…");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      // A signed-out session is answered with the login page, not JSON.
      const answer = await response.json().catch(() => null);
      if (!answer) {
        status.textContent = gettext("Not saved: reload the page (you may need to sign in again).");
        saveButton.hidden = false;
        return;
      }
      if (!response.ok) {
        status.textContent = answer.error;
        return;
      }
      if (version === sentVersion) {
        const free = new Set(answer.free);
        cells.forEach((cell) => {
          cell.checked = free.has(cell.value);
        });
      }
      summary.textContent = answer.summary;
      status.textContent = gettext("Saved.");
      saveButton.hidden = true;
    } catch {
      status.textContent = gettext("Not saved: the connection dropped. Your marks are still here.");
      saveButton.hidden = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(event.submitter);
  });

  // Space (and a screen reader's click) switches a checkbox natively.
  grid.addEventListener("change", (event) => {
    if (event.target.matches(CELL)) save(null);
  });

  grid.addEventListener("focusin", (event) => {
    if (event.target.matches(CELL)) activate(event.target);
  });

  grid.addEventListener("keydown", (event) => {
    if (!event.target.matches(CELL)) return;
    pointerCell = null;
    let [day, hour] = positions.get(event.target);
    switch (event.key) {
      case "ArrowLeft":
        day -= 1;
        break;
      case "ArrowRight":
        day += 1;
        break;
      case "ArrowUp":
        hour -= 1;
        break;
      case "ArrowDown":
        hour += 1;
        break;
      case "Home":
        if (event.ctrlKey) hour = 0;
        day = 0;
        break;
      case "End":
        if (event.ctrlKey) hour = HOURS - 1;
        day = DAYS - 1;
        break;
      case "PageUp":
        hour -= 6;
        break;
      case "PageDown":
        hour += 6;
        break;
      default:
        return;
    }
    event.preventDefault();
    const next = cellAt(Math.min(Math.max(day, 0), DAYS - 1), Math.min(Math.max(hour, 0), HOURS - 1));
    activate(next);
    next.focus();
  });

  // A stroke paints the rectangle between where it started and where the pointer
  // is, all free or all busy (the opposite of the first cell), and puts back the
  // cells it leaves behind.
  function paintTo(cell) {
    const [fromDay, fromHour] = stroke.anchor;
    const [toDay, toHour] = positions.get(cell);
    cells.forEach((other) => {
      const [day, hour] = positions.get(other);
      const inside =
        day >= Math.min(fromDay, toDay) &&
        day <= Math.max(fromDay, toDay) &&
        hour >= Math.min(fromHour, toHour) &&
        hour <= Math.max(fromHour, toHour);
      other.checked = inside ? stroke.value : stroke.before.get(other);
    });
  }

  grid.addEventListener("pointerdown", (event) => {
    const cell = event.target.closest(CELL);
    if (!cell || !event.isPrimary || event.button !== 0) return;
    // No text selection, no native toggle on mouse down: the stroke decides.
    event.preventDefault();
    // Every move and the release come to the grid, even off it or under a finger.
    grid.setPointerCapture(event.pointerId);
    pointerCell = cell;
    activate(cell);
    cell.focus({ preventScroll: true });
    stroke = {
      pointerId: event.pointerId,
      anchor: positions.get(cell),
      value: !cell.checked,
      before: new Map(cells.map((other) => [other, other.checked])),
    };
    paintTo(cell);
  });

  grid.addEventListener("pointermove", (event) => {
    if (!stroke || event.pointerId !== stroke.pointerId) return;
    const under = document.elementFromPoint(event.clientX, event.clientY);
    const cell = under && under.closest(CELL);
    if (cell && positions.has(cell)) paintTo(cell);
  });

  function endStroke(event, keep) {
    if (!stroke || event.pointerId !== stroke.pointerId) return;
    const { before } = stroke;
    stroke = null;
    if (!keep) {
      cells.forEach((cell) => {
        cell.checked = before.get(cell);
      });
      return;
    }
    if (cells.some((cell) => cell.checked !== before.get(cell))) save(null);
  }
  grid.addEventListener("pointerup", (event) => endStroke(event, true));
  // The browser took the pointer over (a system gesture): nothing was meant.
  grid.addEventListener("pointercancel", (event) => endStroke(event, false));

  // The click that follows a press on a cell would switch it back: the stroke has
  // already set it. Clicks from the keyboard or a screen reader pass through.
  grid.addEventListener("click", (event) => {
    if (pointerCell && event.target === pointerCell) event.preventDefault();
    pointerCell = null;
  });
}

document.querySelectorAll("form[data-week-painter]").forEach(setUp);
