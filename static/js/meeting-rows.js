// "Add a meeting" on the group form adds an empty row in place; without JavaScript the
// button posts the form and the server answers with one more row.

function setUp(form) {
  const button = form.querySelector("[data-add-meeting]");
  const template = form.querySelector("#slot-row-template");
  const rows = form.querySelector("[data-meeting-rows]");
  const total = form.querySelector('input[name="slots-TOTAL_FORMS"]');
  const max = form.querySelector('input[name="slots-MAX_NUM_FORMS"]');
  if (!button || !template || !rows || !total) return;

  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const limit = max ? Number(max.value) : Infinity;
    if (index >= limit) return;
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    rows.querySelector(`#id_slots-${index}-weekday`)?.focus();
    if (index + 1 >= limit) button.hidden = true;
  });
}

for (const form of document.querySelectorAll("form")) {
  if (form.querySelector("[data-meeting-rows]")) setUp(form);
}
