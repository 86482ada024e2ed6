// Arrivals board: re-reads its JSON every few seconds and redraws numbers, tables and bars.
// "Updated at" is written in the edition's time zone (data-timezone), like every time the
// organisers read on site.

import { formatClock, pageLocale, requestJson } from "./lib/client.js";

const SVG = "http://www.w3.org/2000/svg";

const root = document.getElementById("arrivals");
if (root) { start(root); }

function setText(root, field, value) {
  root.querySelectorAll('[data-field="' + field + '"]').forEach((node) => { node.textContent = value; });
}

function fillTable(root, key, rows) {
  const body = root.querySelector('[data-table="' + key + '"] tbody');
  if (!body) { return; }
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    for (const value of [row.label, row.arrived, row.approved]) {
      const td = document.createElement("td");
      td.textContent = value;
      tr.appendChild(td);
    }
    return tr;
  }));
}

function svgElement(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [attribute, value] of Object.entries(attributes)) { node.setAttribute(attribute, value); }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function drawBars(root, buckets) {
  const svg = root.querySelector("svg.bars");
  if (!svg) { return; }
  const peak = Math.max(1, ...buckets.map((bucket) => bucket.count));
  svg.setAttribute("viewBox", "0 0 " + Math.max(buckets.length, 1) * 40 + " 130");
  svg.replaceChildren();
  buckets.forEach((bucket, index) => {
    const height = Math.round(bucket.count / peak * 100);
    const rect = svgElement("rect", { x: index * 40 + 4, y: 105 - height, width: 32, height, class: "bar" });
    rect.appendChild(svgElement("title", {}, bucket.from + ": " + bucket.count));
    const label = svgElement("text", { x: index * 40 + 20, y: 122, class: "bar-label" }, bucket.from);
    svg.append(rect, label);
  });
}

function fillList(root, key, items) {
  const list = root.querySelector('[data-list="' + key + '"]');
  if (!list) { return; }
  list.replaceChildren(...items.map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));
}

function draw(root, board, zone) {
  setText(root, "arrived", board.arrived);
  setText(root, "approved", board.approved);
  setText(root, "mayors_count", board.mayors_awaited.length);
  setText(root, "updated", formatClock(null, zone));
  fillTable(root, "by_category", board.by_category);
  fillTable(root, "by_country", board.by_country);
  drawBars(root, board.per_quarter_hour);
  fillList(root, "mayors_awaited", board.mayors_awaited);
}

function start(root) {
  const source = root.getAttribute("data-source");
  const seconds = parseInt(root.getAttribute("data-refresh-seconds"), 10) || 10;
  const zone = { locale: pageLocale(document), timeZone: root.dataset.timezone || undefined };
  const refresh = async () => {
    const outcome = await requestJson(source, { fetch: window.fetch.bind(window) });
    if (outcome.kind === "answer") {
      try {
        draw(root, outcome.data, zone);
      } catch {
        setText(root, "updated", "…");
      }
    } else {
      setText(root, "updated", "…");
    }
    window.setTimeout(refresh, seconds * 1000);
  };
  window.setTimeout(refresh, seconds * 1000);
}
