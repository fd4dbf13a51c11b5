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
const TARGETS = { task_list: "#task-list", file_list: "#file-list", ledger: "#ledger-body" };

function refresh(part) {
  const target = document.querySelector(TARGETS[part]);
  if (!target || !window.htmx) return;
  const url = `${root.dataset.workspaceUrl}?part=${encodeURIComponent(part)}`;
  window.htmx.ajax("GET", url, { target: TARGETS[part], swap: "outerHTML" });
}

if (root && pageSocket) {
  const id = Number(root.dataset.workspace);
  pageSocket.on("workspace_changed", (frame) => {
    if (frame.workspace !== id) return;
    (REFRESH[frame.part] || []).forEach(refresh);
  });
}
