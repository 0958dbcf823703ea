// The incidents table: sortable by any column, paged; new incidents marked.
import { select } from "./detail.js";
import { state } from "./state.js";
import { CERTAINTY, certaintyBadge, clear, dateText, el, placeText, typeClass } from "./util.js";

export const SORTS = {
  date: (i) => i.date_start || "",
  type: (i) => i.event_type + " " + i.sub_event_type,
  country: (i) => i.country || "",
  place: (i) => i.place || "",
  actors: (i) => i.actors.join("; "),
  deaths: (i) => i.fatalities,
  reports: (i) => i.reports,
  certainty: (i) => (i.certainty ? CERTAINTY.indexOf(i.certainty) : 99),
};

export function sortRows(rows) {
  const key = SORTS[state.sort];
  const sign = state.dir === "asc" ? 1 : -1;
  return rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.id.localeCompare(b.id);
  });
}

export function drawTable() {
  const body = document.querySelector("#incidents tbody");
  clear(body);
  for (const th of document.querySelectorAll("#incidents th[data-sort]")) {
    const on = th.dataset.sort === state.sort;
    th.setAttribute("aria-sort", on ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    th.classList.toggle("sorted", on);
  }
  const pages = Math.max(1, Math.ceil(state.shown.length / state.size));
  document.getElementById("page-info").textContent = "Page " + state.page + " of " + pages +
    " (" + state.shown.length + " incidents)";
  document.getElementById("prev").disabled = state.page <= 1;
  document.getElementById("next").disabled = state.page >= pages;
  if (!state.shown.length) {
    const why = state.all.length ? "No incident matches these filters." : "No incidents yet: run flashpoint ingest, flashpoint watch or make demo.";
    body.appendChild(el("tr", {}, el("td", { colspan: 8, class: "empty" }, why)));
    return;
  }
  const from = (state.page - 1) * state.size;
  for (const r of state.shown.slice(from, from + state.size)) {
    const cls = [r.id === state.selected ? "selected" : "", state.fresh.has(r.id) ? "new" : ""].join(" ").trim();
    const row = el("tr", { class: cls || null, "data-id": r.id, tabindex: "0", onclick: () => select(r.id) },
      el("td", {}, dateText(r.date_start, r.date_end)),
      el("td", {}, el("span", { class: "swatch " + typeClass(r.event_type) }), r.event_type, el("br"), el("small", {}, r.sub_event_type)),
      el("td", {}, r.country || "?"),
      el("td", {}, placeText(r)),
      el("td", {}, r.actors.join("; ")),
      el("td", { class: "num" }, String(r.fatalities)),
      el("td", { class: "num" }, String(r.reports)),
      el("td", {}, certaintyBadge(r.certainty), state.fresh.has(r.id) ? el("span", { class: "new-badge" }, "new") : null));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") select(r.id); });
    body.appendChild(row);
  }
}
