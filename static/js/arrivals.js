// Arrivals board: re-reads its JSON every few seconds and redraws numbers, tables and bars.
(function () {
  "use strict";
  var root = document.getElementById("arrivals");
  if (!root) { return; }
  var source = root.getAttribute("data-source");
  var seconds = parseInt(root.getAttribute("data-refresh-seconds"), 10) || 10;
  var SVG = "http://www.w3.org/2000/svg";

  function setText(field, value) {
    root.querySelectorAll('[data-field="' + field + '"]').forEach(function (node) { node.textContent = value; });
  }

  function fillTable(key, rows) {
    var body = root.querySelector('[data-table="' + key + '"] tbody');
    if (!body) { return; }
    body.replaceChildren.apply(body, rows.map(function (row) {
      var tr = document.createElement("tr");
      [row.label, row.arrived, row.approved].forEach(function (value) {
        var td = document.createElement("td");
        td.textContent = value;
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function drawBars(buckets) {
    var svg = root.querySelector("svg.bars");
    if (!svg) { return; }
    var peak = Math.max(1, Math.max.apply(null, buckets.map(function (b) { return b.count; }).concat([0])));
    svg.setAttribute("viewBox", "0 0 " + Math.max(buckets.length, 1) * 40 + " 130");
    svg.replaceChildren();
    buckets.forEach(function (bucket, index) {
      var height = Math.round(bucket.count / peak * 100);
      var rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", index * 40 + 4);
      rect.setAttribute("y", 105 - height);
      rect.setAttribute("width", 32);
      rect.setAttribute("height", height);
      rect.setAttribute("class", "bar");
      var title = document.createElementNS(SVG, "title");
      title.textContent = bucket.from + ": " + bucket.count;
      rect.appendChild(title);
      var label = document.createElementNS(SVG, "text");
      label.setAttribute("x", index * 40 + 20);
      label.setAttribute("y", 122);
      label.setAttribute("class", "bar-label");
      label.textContent = bucket.from;
      svg.appendChild(rect);
      svg.appendChild(label);
    });
  }

  function fillList(key, items) {
    var list = root.querySelector('[data-list="' + key + '"]');
    if (!list) { return; }
    list.replaceChildren.apply(list, items.map(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
  }

  function refresh() {
    fetch(source, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (board) {
        setText("arrived", board.arrived);
        setText("approved", board.approved);
        setText("mayors_count", board.mayors_awaited.length);
        setText("updated", new Date().toLocaleTimeString());
        fillTable("by_category", board.by_category);
        fillTable("by_country", board.by_country);
        drawBars(board.per_quarter_hour);
        fillList("mayors_awaited", board.mayors_awaited);
      })
      .catch(function () { setText("updated", "…"); })
      .finally(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
