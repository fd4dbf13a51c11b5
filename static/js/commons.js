// Progressive enhancement only: every page works without this file.
import "./page-socket.js";
import "./notifications.js";

// Preset empty time zone fields (signup) from the browser; the person confirms it.
function presetTimeZones() {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("input[data-browser-time-zone]").forEach((input) => {
    if (input.value) return;
    // Browsers may report an old IANA name (Chromium: Asia/Calcutta); the page
    // ships the old-to-new table so the person sees today's name.
    const links = document.getElementById(input.dataset.zoneLinks);
    const table = links ? JSON.parse(links.textContent) : {};
    input.value = table[zone] || zone;
  });
}

const MENUS = "details.user-menu__details[open], details.bell[open]";

// Close the account menu and the bell's panel when focus or a click leaves them.
function closeMenusOnOutsideClick(event) {
  document.querySelectorAll(MENUS).forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
}

// Back/Forward restores htmx's saved copy of the page, whose fields may show what
// was ticked or typed later. Filter forms mirror the URL, so set them from it.
function syncFiltersWithUrl() {
  const params = new URLSearchParams(window.location.search);
  document.querySelectorAll("form[data-filters-in-url]").forEach((form) => {
    Array.from(form.elements).forEach((field) => {
      if (!field.name) return;
      if (field.type === "checkbox") {
        field.checked = params.getAll(field.name).includes(field.value || "on");
      } else if (field.tagName === "SELECT") {
        const first = field.options.length ? field.options[0].value : "";
        field.value = params.get(field.name) || first;
      } else if (field.tagName === "INPUT") {
        field.value = params.get(field.name) || "";
      }
    });
  });
}

// Modules run after the document is parsed, so the page is ready here.
presetTimeZones();
document.addEventListener("htmx:historyRestore", syncFiltersWithUrl);
document.addEventListener("click", closeMenusOnOutsideClick);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(MENUS).forEach((menu) => {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
});
