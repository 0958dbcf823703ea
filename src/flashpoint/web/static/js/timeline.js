// The timeline: incidents per day, week or month of the matching incidents (SVG); a bar click filters
// to its dates.
import { apply } from "../app.js";
import { state, stateToForm } from "./state.js";
import { clear, svg } from "./util.js";

const DAY = 86400000;

function binning(lo, hi) {
  const days = (hi - lo) / DAY;
  if (days <= 120) return { unit: "day", start: (ms) => ms, next: (ms) => ms + DAY };
  if (days <= 3 * 365) {
    return { unit: "week", start: (ms) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY, next: (ms) => ms + 7 * DAY };
  }
  return {
    unit: "month",
    start: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); },
    next: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); },
  };
}

export function drawTimeline() {
  const tl = document.getElementById("timeline");
  clear(tl);
  const W = 600, H = 200, left = 36, bottom = 22, top = 8;
  const dated = state.shown.filter((r) => r.date_start);
  if (!dated.length) {
    tl.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis-label" }));
    tl.lastChild.textContent = "No dated incidents match";
    document.getElementById("timeline-unit").textContent = "";
    return;
  }
  const t = (d) => Date.parse(d + "T00:00:00Z");
  const times = dated.map((r) => t(r.date_start));
  const lo = Math.min(...times), hi = Math.max(...times);
  const bins = binning(lo, hi);
  const counts = new Map();
  for (const r of dated) {
    const key = bins.start(t(r.date_start));
    const c = counts.get(key) || { n: 0, deaths: 0 };
    c.n += 1; c.deaths += r.fatalities;
    counts.set(key, c);
  }
  const first = bins.start(lo), last = bins.start(hi);
  const keys = [];
  for (let ms = first; ms <= last; ms = bins.next(ms)) keys.push(ms);
  const max = Math.max(...[...counts.values()].map((c) => c.n));
  const bw = (W - left - 6) / keys.length;
  document.getElementById("timeline-unit").textContent = "(incidents per " + bins.unit + "; max " + max + ")";
  tl.appendChild(svg("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, class: "axis" }));
  const label = (ms) => new Date(ms).toISOString().slice(0, bins.unit === "month" ? 7 : 10);
  const every = Math.max(1, Math.ceil(keys.length / 6));
  keys.forEach((ms, k) => {
    const c = counts.get(ms) || { n: 0, deaths: 0 };
    const h = c.n ? Math.max(1.5, ((H - bottom - top) * c.n) / max) : 0;
    const x = left + k * bw;
    if (k % every === 0) {
      const tick = svg("text", { x: x, y: H - 6, class: "axis-label" });
      tick.textContent = label(ms);
      tl.appendChild(tick);
    }
    if (!c.n) return;
    const end = new Date(bins.next(ms) - DAY).toISOString().slice(0, 10);
    const bar = svg("rect", { x: x + 0.5, y: H - bottom - h, width: Math.max(1, bw - 1), height: h, class: "bar" },
      label(ms) + " (" + bins.unit + "): " + c.n + " incidents, " + c.deaths + " deaths");
    bar.addEventListener("click", () => {
      state.filters.from = new Date(ms).toISOString().slice(0, 10);
      state.filters.to = end;
      state.page = 1;
      stateToForm();
      apply(true);
    });
    tl.appendChild(bar);
  });
  const yl = svg("text", { x: 2, y: top + 8, class: "axis-label" });
  yl.textContent = String(max);
  tl.appendChild(yl);
}
