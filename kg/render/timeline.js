/* kg render: the career timeline. Draws one SVG row per person from #kg-data; all text
   goes through textContent, so CV strings stay text. body[data-kg-ready] when drawn. */
var kgData = JSON.parse(document.getElementById("kg-data").textContent);
var SVG = "http://www.w3.org/2000/svg";
var LABEL = 220, ROW = 22, BAR = 14, AXIS = 24, YEAR_MIN_PX = 14;

function svg(name, attrs, parent) {
  var el = document.createElementNS(SVG, name);
  Object.keys(attrs).forEach(function (key) { el.setAttribute(key, attrs[key]); });
  if (parent) { parent.appendChild(el); }
  return el;
}

function text(parent, attrs, value) {
  var el = svg("text", attrs, parent);
  el.textContent = value;
  return el;
}

function kgDraw(people) {
  var main = document.getElementById("kg-timeline");
  main.textContent = "";
  var shown = people.slice(0, kgData.rows);
  var span = Math.max(1, kgData.last - kgData.first);
  var perYear = Math.max(YEAR_MIN_PX, (main.clientWidth - LABEL - 40) / span);
  var width = LABEL + span * perYear + 20, height = AXIS + shown.length * ROW + 10;
  var root = svg("svg", {width: width, height: height, role: "img",
                         "aria-label": "Career timeline"}, main);
  var x = function (year) { return LABEL + (year - kgData.first) * perYear; };
  var step = perYear >= 40 ? 1 : perYear >= 14 ? 5 : 10;
  for (var year = Math.ceil(kgData.first / step) * step; year <= kgData.last; year += step) {
    svg("line", {x1: x(year), x2: x(year), y1: AXIS - 6, y2: height, "class": "kg-grid"}, root);
    text(root, {x: x(year), y: AXIS - 10, "text-anchor": "middle", "class": "kg-tick"}, String(year));
  }
  shown.forEach(function (person, i) {
    var y = AXIS + i * ROW;
    var row = svg("g", {"class": "kg-row", "data-id": person.id}, root);
    var label = text(row, {x: LABEL - 8, y: y + BAR - 2, "text-anchor": "end",
                           "class": "kg-row-label" + (person.kind === "owner" ? " kg-owner" : "")},
                     person.label.length > 32 ? person.label.slice(0, 31) + "…" : person.label);
    svg("title", {}, label).textContent = person.label;
    person.bars.forEach(function (bar) {
      var rect = svg("rect", {x: x(bar.from), y: y + 2, height: BAR, rx: 3,
                              width: Math.max(3, (bar.to - bar.from) * perYear),
                              fill: kgData.colours[bar.kind] || "#9c9c9c",
                              "class": "kg-bar" + (bar.open ? " kg-open" : ""),
                              "data-kind": bar.kind}, row);
      svg("title", {}, rect).textContent =
        person.label + "\n" + (bar.what ? bar.what + ", " : "") + bar.org + "\n" + bar.dates +
        " (" + bar.kind + ")";
    });
  });
  var status = document.getElementById("kg-status");
  status.textContent = people.length > shown.length
    ? "Showing " + shown.length + " of " + people.length + " people: search to narrow"
    : people.length + (people.length === 1 ? " person" : " people");
  return shown.length;
}

(function kgTimeline() {
  kgDraw(kgData.people);
  var search = document.getElementById("kg-search");
  function filter(event) {
    if (event) { event.preventDefault(); }
    var wanted = search.value.trim().toLowerCase();
    kgDraw(kgData.people.filter(function (p) {
      return !wanted || p.label.toLowerCase().includes(wanted) ||
        p.bars.some(function (b) { return b.org.toLowerCase().includes(wanted); });
    }));
  }
  search.addEventListener("input", function () { filter(); });
  document.getElementById("kg-controls").addEventListener("submit", filter);
  document.body.setAttribute("data-kg-ready", "true");
})();
