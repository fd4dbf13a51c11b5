// Attaching files to a message: the composer's file input (which works on its own,
// without JavaScript, as part of a multipart form) gains drag-and-drop onto the
// conversation, pasting pictures into the message box, a list of what is attached
// with a way to take one out, and a progress bar while the files upload.
// The input's own FileList is the one record of what is attached, so a form
// re-rendered by the server starts empty and nothing can get out of step.

const input = () => document.querySelector("[data-lounge-composer] [data-attach-input]");

function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return interpolate(ngettext("%(size)s byte", "%(size)s bytes", bytes), { size: bytes }, true);
}

// A pasted screenshot arrives as "image.png": give it a name worth keeping.
function named(file) {
  if (file.name && file.name !== "image.png") return file;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-");
  const extension = (file.type.split("/")[1] || "png").replace("jpeg", "jpg");
  return new File([file], `pasted-${stamp}.${extension}`, { type: file.type });
}

function setFiles(field, files) {
  const transfer = new DataTransfer();
  files.forEach((file) => transfer.items.add(file));
  field.files = transfer.files;
  render(field);
}

export function attachedCount() {
  const field = input();
  return field ? field.files.length : 0;
}

export function addFiles(files) {
  const field = input();
  if (!field || !files.length) return;
  setFiles(field, [...field.files, ...Array.from(files).map(named)]);
}

export function clearFiles() {
  const field = input();
  if (field) setFiles(field, []);
}

function render(field) {
  const box = field.form.querySelector("[data-attach]");
  const list = box.querySelector("[data-attach-list]");
  list.replaceChildren(
    ...Array.from(field.files).map((file, index) => {
      const item = document.createElement("li");
      item.className = "composer__chosen-item";
      const label = document.createElement("span");
      label.textContent = `${file.name} (${sizeText(file.size)})`;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.textContent = gettext("Remove");
      remove.setAttribute("aria-label", interpolate(gettext("Remove %(name)s"), { name: file.name }, true));
      remove.addEventListener("click", () => {
        setFiles(field, Array.from(field.files).filter((_, i) => i !== index));
        field.closest("form").querySelector("textarea").focus();
      });
      item.append(label, " ", remove);
      return item;
    }),
  );
  box.classList.toggle("has-files", field.files.length > 0);
}

function showProgress(form, fraction) {
  const bar = form.querySelector("[data-attach-progress]");
  if (!bar) return;
  if (fraction === null) {
    bar.hidden = true;
    bar.value = 0;
    return;
  }
  bar.hidden = false;
  bar.value = Math.round(fraction * 100);
}

// Send the whole form (text, client id, files) to its own URL as the htmx request
// would, reporting upload progress. Resolves with { status, html }; a network failure
// resolves with status 0.
export function sendForm(form) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("HX-Request", "true");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) showProgress(form, event.loaded / event.total);
    });
    const done = () => {
      showProgress(form, null);
      resolve({ status: request.status, html: request.responseText || "" });
    };
    request.addEventListener("load", done);
    request.addEventListener("error", done);
    request.addEventListener("abort", done);
    showProgress(form, 0);
    request.send(new FormData(form));
  });
}

function setup() {
  const chat = document.querySelector("[data-lounge-chat]");
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("[data-attach-input]")) render(event.target);
  });
  // Pictures pasted into the message box are attached; pasted text stays text.
  document.addEventListener("paste", (event) => {
    if (!event.target.closest || !event.target.closest("[data-lounge-composer]")) return;
    const files = event.clipboardData && Array.from(event.clipboardData.files || []);
    if (files && files.length) {
      event.preventDefault();
      addFiles(files);
    }
  });
  // Without the socket, htmx posts the form itself: its upload progress shows too.
  document.addEventListener("htmx:xhr:progress", (event) => {
    const form = event.target.closest && event.target.closest("[data-lounge-composer]");
    if (form && attachedCount() && event.detail.lengthComputable) {
      showProgress(form, event.detail.loaded / event.detail.total);
    }
  });
  if (!chat) return;
  let depth = 0; // dragenter/leave fire for every child crossed
  const dragging = (event) => event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
  chat.addEventListener("dragenter", (event) => {
    if (!dragging(event) || !input()) return;
    depth += 1;
    chat.classList.add("is-dropping");
  });
  chat.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) chat.classList.remove("is-dropping");
  });
  chat.addEventListener("dragover", (event) => {
    if (dragging(event) && input()) event.preventDefault();
  });
  chat.addEventListener("drop", (event) => {
    depth = 0;
    chat.classList.remove("is-dropping");
    if (!dragging(event) || !input()) return;
    event.preventDefault();
    addFiles(event.dataTransfer.files);
    const box = document.querySelector("[data-lounge-composer] textarea");
    if (box) box.focus();
  });
}

setup();
