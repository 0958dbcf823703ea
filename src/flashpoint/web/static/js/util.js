// Small helpers shared by the dashboard's modules: DOM building (text nodes only), fetching JSON,
// safe links, and how dates, places, event types and certainties are shown.

export const CERTAINTY = ["asserted", "reported", "claimed", "hedged", "future", "hypothetical", "denied"];

const TYPE_CLASS = {
  "Battles": "t-battles",
  "Explosions/Remote violence": "t-explosions",
  "Violence against civilians": "t-vac",
  "Riots": "t-riots",
  "Protests": "t-protests",
  "Strategic developments": "t-strategic",
};

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "onclick") node.addEventListener("click", value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

export function svg(tag, attrs, title) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (title !== undefined) {
    const t = document.createElementNS("http://www.w3.org/2000/svg", "title");
    t.textContent = title;
    node.appendChild(t);
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(url + ": HTTP " + response.status);
  return response.json();
}

// A link only for http(s) URLs; anything else (javascript:, data:, relative junk) is shown as text.
export function safeLink(url, label) {
  let parsed = null;
  try { parsed = new URL(String(url)); } catch (err) { parsed = null; }
  if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
    return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" }, label);
  }
  return el("span", { class: "unlinked", title: "not an http(s) address" }, String(url));
}

export function dateText(start, end) {
  if (!start && !end) return "undated";
  if (!start || !end || start === end) return start || end;
  return start + " .. " + end;
}

export function placeText(row) {
  return [row.place, row.admin1 && row.admin1 !== row.place ? row.admin1 : null].filter(Boolean).join(", ") || "unknown place";
}

export function typeClass(type) {
  return TYPE_CLASS[type] || "t-other";
}

export function certaintyBadge(value) {
  return el("span", { class: "cert cert-" + (CERTAINTY.includes(value) ? value : "unknown") }, value || "?");
}
