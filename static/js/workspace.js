// A team workspace's live lists. When a teammate adds or changes a task or a file, the
// page's socket says which part of which workspace changed (nothing more), and the page
// fetches that list again through the permission-checked page, leaving the forms (a
// half-typed task, a chosen file) alone. Without JavaScript the lists are as loaded.
import { pageSocket } from "./page-socket.js";

const root = document.querySelector("[data-workspace]");

const REFRESH = {
  tasks: ["task_list", "ledger"],
  files: ["file_list", "ledger"],
};
const TARGETS = { task_list: "task-list", file_list: "file-list", ledger: "ledger-body" };

// One fetch per list at a time; changes that arrive meanwhile cost one more fetch, made
// when it returns, so the list always ends as the last change left it.
const inFlight = new Set();
const again = new Set();

async function refresh(part) {
  if (inFlight.has(part)) {
    again.add(part);
    return;
  }
  inFlight.add(part);
  try {
    const url = `${root.dataset.workspaceUrl}?part=${encodeURIComponent(part)}`;
    const response = await fetch(url, {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    });
    const current = document.getElementById(TARGETS[part]);
    if (response.ok && current) {
      const holder = document.createElement("div");
      holder.innerHTML = (await response.text()).trim();
      const fresh = holder.firstElementChild;
      if (fresh && fresh.id === TARGETS[part]) {
        current.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
      }
    }
  } catch (error) {
    // Offline for a moment: the next change, or a reload, brings the list up to date.
  } finally {
    inFlight.delete(part);
    if (again.delete(part)) refresh(part);
  }
}

if (root && pageSocket) {
  const id = Number(root.dataset.workspace);
  pageSocket.on("workspace_changed", (frame) => {
    if (frame.workspace !== id) return;
    (REFRESH[frame.part] || []).forEach(refresh);
  });
}
