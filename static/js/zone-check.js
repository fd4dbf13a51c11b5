// Home offers to switch the profile's time zone when the device's zone differs from it
// now (travel, a move), once per pair of zones: "Keep" is remembered on this device.

const section = document.querySelector("[data-zone-check]");

function sameClockNow(first, second) {
  const now = new Date();
  const show = (zone) =>
    now.toLocaleString("en-GB", { timeZone: zone, hour12: false });
  try {
    return show(first) === show(second);
  } catch {
    return true; // a zone this browser does not know: nothing to offer
  }
}

if (section) {
  const profileZone = section.dataset.profileZone;
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const keptKey = `commons:keep-zone:${profileZone}:${browserZone}`;
  let kept = false;
  try {
    kept = localStorage.getItem(keptKey) === "1";
  } catch {
    kept = false;
  }
  if (browserZone && browserZone !== profileZone && !kept && !sameClockNow(profileZone, browserZone)) {
    for (const name of section.querySelectorAll("[data-browser-zone]")) {
      name.textContent = browserZone;
    }
    section.querySelector("[data-browser-zone-input]").value = browserZone;
    section.hidden = false;
    section.querySelector("[data-keep-zone]").addEventListener("click", () => {
      try {
        localStorage.setItem(keptKey, "1");
      } catch {
        // Private browsing: it asks again next time.
      }
      section.hidden = true;
    });
  }
}
