// One incident in full: actors, figure histories with every claim, and each report's text with its
// evidence highlighted by kind (every piece titled with all the values it supports).
import { drawRing } from "./map.js";
import { state, writeURL } from "./state.js";
import { drawTable } from "./table.js";
import { certaintyBadge, clear, dateText, el, getJSON, safeLink } from "./util.js";

function highlighted(text, spans) {
  // Cut the text at every span boundary; each piece is marked with its shortest covering span's kind
  // and titled with every label covering it, so overlapping evidence stays visible.
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(Math.max(0, Math.min(text.length, s.start))); cuts.add(Math.max(0, Math.min(text.length, s.end))); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const out = el("div", { class: "article-text" });
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k], b = bounds[k + 1];
    const piece = text.slice(a, b);
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) { out.appendChild(document.createTextNode(piece)); continue; }
    covering.sort((p, q) => (p.end - p.start) - (q.end - q.start));
    out.appendChild(el("mark", {
      class: "k-" + String(covering[0].kind).replace(/[^a-z]/g, ""),
      title: covering.map((s) => s.kind + ": " + s.label + " [" + s.stage + "]").join("\n"),
    }, piece));
  }
  return out;
}

function revisionLine(rev) {
  const f = rev.figure;
  const chain = f.claimant_chain.length ? f.claimant_chain.join(" \u2192 ") : "the report";
  return el("p", { class: "rev" },
    el("span", { class: "when" }, (rev.published || "undated") + " "),
    "\u201c" + f.phrase + "\u201d (" + f.range + (f.acled_fatalities !== null && f.acled_fatalities !== f.best ? "; ACLED " + f.acled_fatalities : "") + ") ",
    certaintyBadge(f.certainty), " ",
    el("span", { class: "chain" }, "says " + chain + (rev.source && chain.indexOf(rev.source) < 0 ? " (in " + rev.source + ")" : "")));
}

function reportBlock(rep) {
  if (rep.missing) return el("div", { class: "report" }, el("p", { class: "empty" }, "Report " + rep.id + " is no longer stored."));
  const meta = [rep.source, rep.published, rep.external_id, rep.near_duplicate_of ? "near-copy of " + rep.near_duplicate_of : null]
    .filter(Boolean).join(" \u00b7 ");
  return el("div", { class: "report", "data-article": rep.id },
    el("h3", {}, rep.title || rep.id),
    el("div", { class: "meta" }, meta, rep.url ? el("span", {}, " \u00b7 ", safeLink(rep.url, "original")) : null),
    highlighted(rep.text || "", rep.spans || []));
}

export async function select(id) {
  state.selected = id;
  writeURL();
  drawTable(); drawRing();
  const detail = document.getElementById("detail");
  const meta = document.getElementById("detail-meta");
  const reports = document.getElementById("reports");
  detail.hidden = false;
  clear(meta); clear(reports);
  document.getElementById("detail-title").textContent = "Loading…";
  let inc;
  try {
    inc = await getJSON("/api/dashboard/incidents/" + encodeURIComponent(id));
  } catch (err) {
    document.getElementById("detail-title").textContent = "Could not load incident: " + err.message;
    return;
  }
  if (state.selected !== id) return;
  const where = inc.place ? [inc.place.name, inc.place.admin1, inc.place.country || inc.place.country_iso3].filter(Boolean).join(", ") : "unknown place";
  document.getElementById("detail-title").textContent =
    dateText(inc.date_start, inc.date_end) + " - " + inc.event_type + " / " + inc.sub_event_type + " - " + where;
  meta.append(
    el("p", {}, "Actors: " + (inc.actors.map((a) => a.name + " [" + a.inter + "]").join("; ") || "none named")),
    el("p", {}, "Reports: " + inc.reports + (inc.external_ids.length ? " (" + inc.external_ids.join(", ") + ")" : "") + "; certainty ", certaintyBadge(inc.certainty)),
    el("div", {}, inc.figures.map((h) => el("div", { class: "figure" },
      el("strong", {}, h.kind + " (" + h.victims + "): ACLED " + (h.acled_value === null ? "?" : h.acled_value) +
        "; UCDP " + [h.ucdp_low, h.ucdp_best, h.ucdp_high].map((v) => (v === null ? "?" : v)).join("/")),
      el("small", { class: "chain" }, " rule: " + h.rule),
      (h.revisions || []).map(revisionLine)))));
  for (const rep of inc.articles) reports.appendChild(reportBlock(rep));
  detail.scrollIntoView({ block: "start" });
}
