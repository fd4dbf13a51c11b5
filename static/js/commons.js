// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Preset empty time zone fields (signup) from the browser; the person confirms it.
  function presetTimeZones() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone) return;
    document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
      if (input.value) return;
      // Browsers may report an old IANA name (Chromium: Asia/Calcutta); the page
      // ships the old-to-new table so the person sees today's name.
      var links = document.getElementById(input.dataset.zoneLinks);
      var table = links ? JSON.parse(links.textContent) : {};
      input.value = table[zone] || zone;
    });
  }

  // Close the account menu when focus or a click leaves it.
  function closeMenusOnOutsideClick(event) {
    document.querySelectorAll("details.user-menu__details[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  }

  document.addEventListener("DOMContentLoaded", presetTimeZones);
  document.addEventListener("click", closeMenusOnOutsideClick);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.user-menu__details[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
})();
