/* kg render: draw the network described by the JSON block #kg-data with vis-network.
   Globals `network`, `nodes` and `edges` match pyvis pages, for scripts and tests.
   `kgTimings` records when the data was read, the network built, first drawn and settled;
   body[data-kg-ready] is set once physics is done (or off), body[data-kg-settled] once the
   settled network has been drawn. */
var kgTimings = {start: performance.now()};
var kgData = JSON.parse(document.getElementById("kg-data").textContent);
var nodes = new vis.DataSet(kgData.nodes);
var edges = new vis.DataSet(kgData.edges);
var kgMore = {nodes: new Map(kgData.more.nodes.map(function (n) { return [n.id, n]; })),
              edges: kgData.more.edges.slice()};
var network = new vis.Network(document.getElementById("mynetwork"),
                              {nodes: nodes, edges: edges}, kgData.options);
kgTimings.network = performance.now();

function kgMark(name) {
  kgTimings[name] = performance.now();
  document.body.setAttribute("data-kg-" + name, "true");
}

/* Fit the network to the canvas; if the legend then covers nodes, fit it into the part
   of the canvas right of the legend instead. */
function kgFit() {
  network.fit({animation: false});
  var legend = document.getElementById("kg-legend");
  var width = document.getElementById("mynetwork").clientWidth;
  if (!legend || !width || nodes.length === 0) { return; }
  var right = legend.offsetLeft + legend.offsetWidth, bottom = legend.offsetTop + legend.offsetHeight;
  if (right >= width / 2) { return; }
  var spots = network.getPositions(), covered = Object.keys(spots).some(function (id) {
    var dom = network.canvasToDOM(spots[id]);
    return dom.x < right + 12 && dom.y < bottom + 12;
  });
  if (covered) {
    network.moveTo({scale: network.getScale() * (width - right) / width,
                    offset: {x: right / 2, y: 0}, animation: false});
  }
}

function kgReady() {
  if (kgData.freeze) {
    network.setOptions({physics: {enabled: false}});
  }
  kgFit();
  kgMark("ready");
  network.once("afterDrawing", function () { kgMark("settled"); });
  network.redraw();
}

network.once("afterDrawing", function () { kgMark("drawn"); });
if (kgData.options.physics.enabled) {
  network.once("stabilizationIterationsDone", kgReady);
} else {
  kgReady();
}

/* Bring back left-out nodes with their links to drawn nodes; with `everything`, also
   every left-out link. */
function kgAddNodes(ids, everything) {
  var wanted = ids.filter(function (id) { return kgMore.nodes.has(id); });
  if (!wanted.length && !everything) { return; }
  nodes.add(wanted.map(function (id) { return kgMore.nodes.get(id); }));
  wanted.forEach(function (id) { kgMore.nodes.delete(id); });
  var added = new Set(wanted), ready = [], waiting = [];
  kgMore.edges.forEach(function (e) {
    var ends = !kgMore.nodes.has(e.from) && !kgMore.nodes.has(e.to);
    (ends && (everything || added.has(e.from) || added.has(e.to)) ? ready : waiting).push(e);
  });
  kgMore.edges = waiting;
  edges.add(ready);
  kgApplyKinds();
}

function kgAllNodes() {
  return nodes.get().concat(Array.from(kgMore.nodes.values()));
}

/* Kind filter: unticked kinds are hidden (they keep their places). */
function kgApplyKinds() {
  var shown = new Set();
  document.querySelectorAll(".kg-kind-filter").forEach(function (box) {
    if (box.checked) { shown.add(box.value); }
  });
  var changes = [];
  nodes.forEach(function (n) {
    var hidden = !shown.has(n.kind);
    if (Boolean(n.hidden) !== hidden) { changes.push({id: n.id, hidden: hidden}); }
  });
  if (changes.length) { nodes.update(changes); }
}

/* Search: exact label first, then a label starting with, then containing the text. */
function kgFind(text) {
  var wanted = text.trim().toLowerCase();
  if (!wanted) { return null; }
  var all = kgAllNodes(), tests = [
    function (label) { return label === wanted; },
    function (label) { return label.startsWith(wanted); },
    function (label) { return label.includes(wanted); }];
  for (var i = 0; i < tests.length; i++) {
    var hits = all.filter(function (n) { return tests[i](kgFullLabel(n).toLowerCase()); });
    if (hits.length) {
      hits.sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; });
      return hits[0];
    }
  }
  return null;
}

function kgFullLabel(node) {
  return node.title ? node.title.split("\n")[0] : String(node.label || node.id);
}

function kgFocus(text) {
  var status = document.getElementById("kg-status");
  var node = kgFind(text);
  if (!node) {
    status.textContent = "No match";
    document.body.removeAttribute("data-kg-focus");
    return null;
  }
  kgAddNodes([node.id]);
  if (nodes.get(node.id).hidden) { nodes.update({id: node.id, hidden: false}); }
  network.selectNodes([node.id]);
  network.focus(node.id, {scale: Math.max(network.getScale(), 1.2), animation: false});
  status.textContent = kgFullLabel(node);
  document.body.setAttribute("data-kg-focus", node.id);
  return node.id;
}

(function kgControls() {
  var form = document.getElementById("kg-controls");
  if (!form) { return; }
  var list = document.getElementById("kg-names"), seen = new Set();
  kgAllNodes().map(kgFullLabel).sort().forEach(function (label) {
    if (seen.has(label)) { return; }
    seen.add(label);
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  var search = document.getElementById("kg-search");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    kgFocus(search.value);
  });
  search.addEventListener("change", function () { kgFocus(search.value); });
  document.querySelectorAll(".kg-kind-filter").forEach(function (box) {
    box.addEventListener("change", kgApplyKinds);
  });
  var showAll = document.getElementById("kg-show-all");
  if (showAll) {
    showAll.addEventListener("change", function () {
      if (showAll.checked) {
        kgAddNodes(Array.from(kgMore.nodes.keys()), true);
        document.getElementById("kg-left-out").textContent = "All nodes drawn.";
        showAll.disabled = true;
      }
    });
  }
})();
