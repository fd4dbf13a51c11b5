// Optional browser notifications for mentions and direct messages, shown only while
// this tab is in the background and only after the person opted in on the
// notification settings page (the choice is kept in this browser). No push service:
// they come over the page's own socket, so they stop when every Commons tab is closed.
import { pageSocket } from "./page-socket.js";

const OPT_IN_KEY = "commons.browser-notifications";
const supported = "Notification" in window;

function enabled() {
  return supported && Notification.permission === "granted" && localStorage.getItem(OPT_IN_KEY) === "on";
}

function setupOptIn() {
  document.querySelectorAll("input[data-browser-notifications]").forEach((box) => {
    if (!supported) {
      box.disabled = true;
      return;
    }
    box.checked = enabled();
    box.addEventListener("change", async () => {
      if (!box.checked) {
        localStorage.removeItem(OPT_IN_KEY);
        return;
      }
      const permission = await Notification.requestPermission();
      if (permission === "granted") localStorage.setItem(OPT_IN_KEY, "on");
      else box.checked = false;
    });
  });
}

function openUrl(id) {
  const bell = document.querySelector("[data-bell]");
  const template = bell ? bell.dataset.openUrl : "";
  return template ? template.replace(/0\/$/, `${id}/`) : "";
}

if (pageSocket) {
  pageSocket.on("notification", (frame) => {
    if (document.visibilityState === "visible" || !enabled()) return;
    const shown = new Notification("Commons", { body: frame.text, tag: `commons-${frame.id}` });
    shown.onclick = () => {
      window.focus();
      const url = openUrl(frame.id);
      if (url) window.location.href = url;
      shown.close();
    };
  });
}

setupOptIn();
