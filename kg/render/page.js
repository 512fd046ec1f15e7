/* kg render: draw the network described by the JSON block #kg-data with vis-network.
   Globals `network`, `nodes` and `edges` match pyvis pages, for scripts and tests. */
var kgData = JSON.parse(document.getElementById("kg-data").textContent);
var nodes = new vis.DataSet(kgData.nodes);
var edges = new vis.DataSet(kgData.edges);
var network = new vis.Network(document.getElementById("mynetwork"),
                              {nodes: nodes, edges: edges}, kgData.options);

function kgReady() {
  if (kgData.freeze) {
    network.setOptions({physics: {enabled: false}});
  }
  document.body.setAttribute("data-kg-ready", "true");
}

if (kgData.options.physics.enabled) {
  network.once("stabilizationIterationsDone", kgReady);
} else {
  kgReady();
}
