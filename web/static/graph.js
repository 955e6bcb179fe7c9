/* Graph views with cytoscape.js (served from /static/vendor). Elements come from the
   element's data-src URL; nodes with a preset position keep it, others are laid out. */
(function () {
  "use strict";
  var host = document.getElementById("graph");
  if (!host || typeof window.cytoscape !== "function") { return; }
  function load() {
    fetch(host.dataset.src, { headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 202) { window.setTimeout(load, 3000); return null; }  // still being computed
        return r.json();
      })
      .then(function (elements) { if (elements) { draw(elements); } });
  }

  function draw(elements) {
    host.innerHTML = "";
    var positioned = elements.some(function (e) { return e.position; });
    var edgeCount = elements.filter(function (e) { return e.group === "edges"; }).length;
    // Rings around the focus read better than a force layout for a star-shaped neighbourhood.
    var ring = { focus: 3, item: 2 };
    var layout = positioned ? { name: "preset", fit: true, padding: 30 }
      : { name: "concentric", animate: false, padding: 30, minNodeSpacing: 50, levelWidth: function () { return 1; },
          concentric: function (n) { return ring[n.data("kind")] || 1; } };
    var cy = window.cytoscape({
      container: host,
      elements: elements,
      layout: layout,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 12, "text-wrap": "wrap", "text-max-width": 150,
          "background-color": "#154273", color: "#1d2733", "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18,
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2,
          "min-zoomed-font-size": 4 } },
        { selector: "node[kind = 'focus']", style: { "background-color": "#c8102e", width: 28, height: 28, "font-weight": "bold" } },
        { selector: "node[kind = 'item']", style: { "background-color": "#5b6876", shape: "round-rectangle" } },
        { selector: "node[kind = 'provision']", style: { "background-color": "#1e6b3a", shape: "diamond" } },
        { selector: "node[kind = 'organisation']", style: { "background-color": "#8a5a00" } },
        { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#9aa7b4", "target-arrow-color": "#9aa7b4", label: edgeCount > 12 ? "" : "data(label)", "font-size": 9, "arrow-scale": 0.8, color: "#5b6876",
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-rotation": "autorotate" } },
        { selector: "edge[?handover]", style: { "line-color": "#c8102e", "target-arrow-color": "#c8102e", width: 2.5 } }
      ]
    });
    // many edges: their labels show on hover only, so the picture stays readable
    cy.on("mouseover", "edge", function (evt) { evt.target.style("label", evt.target.data("label")); });
    cy.on("mouseout", "edge", function (evt) { if (edgeCount > 12) { evt.target.style("label", ""); } });
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href) { window.location.href = href; }
    });
    host.dataset.ready = String(cy.nodes().length);
  }

  load();
})();
