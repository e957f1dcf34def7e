/* beleidsgraaf network view. Everything shown is put in the page with textContent (never innerHTML), so
   names and quotes from the data are always text. The page makes no network request. */
(function () {
  "use strict";
  var VIS = JSON.parse(document.getElementById("bg-vis").textContent);
  var D = JSON.parse(document.getElementById("bg-data").textContent);
  var lang = D.lang === "en" ? "en" : "nl";
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fold(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function name(id) {
    var n = D.nodes[id];
    if (!n) { return id; }
    return (lang === "en" && n.en) ? n.en : n.nl;
  }
  function relLabel(rel) {
    for (var i = 0; i < D.relations.length; i++) {
      if (D.relations[i].id === rel) { return D.relations[i][lang]; }
    }
    return rel;
  }
  function typeStyle(seg) {
    for (var i = 0; i < D.types.length; i++) { if (D.types[i].id === seg) { return D.types[i]; } }
    return { id: seg, nl: seg, en: seg, color: "#8c8c8c", shape: "dot" };
  }

  /* ---- the network -------------------------------------------------------------------------------- */
  var nodes = new vis.DataSet(VIS.nodes);
  var edges = new vis.DataSet(VIS.edges);
  var original = {};
  VIS.nodes.forEach(function (n) { original[n.id] = { color: n.color, size: (n.font && n.font.size) || 14 }; });
  function fontOf(id, color) { return { size: original[id].size, color: color }; }
  var originalEdge = {};
  VIS.edges.forEach(function (e) { originalEdge[e.id] = { color: e.color, font: e.font }; });

  var hiddenTypes = {}, hiddenRels = {}, theme = "", themed = null;
  function nodeVisible(id) {
    var n = D.nodes[id];
    if (!n || hiddenTypes[n.seg]) { return false; }
    return !themed || themed[id] === true;
  }
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return !hiddenRels[e.rel] && nodeVisible(e.from) && nodeVisible(e.to);
  } });
  var container = $("bg-network");
  var options = VIS.options;
  window.__bgFirstDraw = null;
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  network.once("afterDrawing", function () {
    window.__bgFirstDraw = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });
  network.on("beforeDrawing", function (ctx) {
    /* a white background, so that the PNG export is not transparent */
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
  });

  /* ---- neighbourhood highlight ----------------------------------------------------------------------- */
  var adjacency = {};
  D.edges.forEach(function (e) {
    if (!e.id) { return; }
    (adjacency[e.from] = adjacency[e.from] || []).push([e.to, e.id]);
    (adjacency[e.to] = adjacency[e.to] || []).push([e.from, e.id]);
  });
  var dimmed = false;
  function highlight(id) {
    var depth = parseInt($("bg-depth").value, 10) || 1;
    var near = {}, nearEdges = {};
    near[id] = true;
    var frontier = [id];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (n) {
        (adjacency[n] || []).forEach(function (pair) {
          var e = edges.get(pair[1]);
          if (!e || hiddenRels[e.rel] || !nodeVisible(pair[0])) { return; }
          nearEdges[pair[1]] = true;
          if (!near[pair[0]]) { near[pair[0]] = true; next.push(pair[0]); }
        });
      });
      frontier = next;
    }
    var nodeUpdates = [], edgeUpdates = [];
    nodes.forEach(function (n) {
      if (near[n.id]) {
        nodeUpdates.push({ id: n.id, color: original[n.id].color, font: fontOf(n.id, "#1a1a1a") });
      } else {
        nodeUpdates.push({ id: n.id, color: { background: "#e4e4e4", border: "#c8c8c8" }, font: fontOf(n.id, "#b5b5b5") });
      }
    });
    edges.forEach(function (e) {
      if (nearEdges[e.id]) {
        edgeUpdates.push({ id: e.id, color: originalEdge[e.id].color, font: originalEdge[e.id].font });
      } else {
        edgeUpdates.push({ id: e.id, color: { color: "#e6e6e6", opacity: 0.6 }, font: { color: "rgba(0,0,0,0)" } });
      }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    dimmed = true;
  }
  function clearHighlight() {
    if (!dimmed) { return; }
    nodes.update(Object.keys(original).map(function (id) {
      return { id: id, color: original[id].color, font: fontOf(id, "#1a1a1a") };
    }));
    edges.update(Object.keys(originalEdge).map(function (id) {
      return { id: id, color: originalEdge[id].color, font: originalEdge[id].font };
    }));
    dimmed = false;
  }

  /* ---- selection, panel and deep links ---------------------------------------------------------------- */
  var selected = null;
  function select(id, opts) {
    opts = opts || {};
    if (!D.nodes[id] || !D.nodes[id].view) { return false; }
    if (!nodeVisible(id)) { resetFilters(); }
    selected = id;
    network.selectNodes([id]);
    if (opts.focus !== false) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    }
    highlight(id);
    showPanel(id);
    document.body.setAttribute("data-selected", id);
    if (opts.hash !== false && window.history && history.replaceState) {
      try { history.replaceState(null, "", "#knoop=" + encodeURIComponent(id)); } catch (err) { /* file: */ }
    }
    return true;
  }
  function deselect() {
    selected = null;
    network.unselectAll();
    clearHighlight();
    $("bg-panel").hidden = true;
    document.body.removeAttribute("data-selected");
  }
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) { select(params.nodes[0], { focus: false }); }
    else if (!params.edges || !params.edges.length) { deselect(); }
  });
  $("bg-depth").addEventListener("change", function () { if (selected) { highlight(selected); } });

  function claimBlock(parent, claim) {
    if (!claim) { return; }
    parent.appendChild(el("blockquote", null, claim.q));
    var src = el("div", { "class": "src" });
    src.textContent = (claim.src ? name(claim.src) : "") + (claim.s ? " › " + claim.s : "");
    parent.appendChild(src);
  }
  function nodeButton(id) {
    var n = D.nodes[id];
    if (n && n.view) {
      var b = el("button", { type: "button", "class": "linkbtn", "data-node": id }, name(id));
      b.addEventListener("click", function () { select(id); });
      return b;
    }
    return el("span", null, name(id));
  }
  function entityUrl(id) {
    return D.serverUrl + "/doc/" + encodeURIComponent(D.nodes[id].seg) + "/" + encodeURIComponent(id);
  }
  function sparqlUrl(id) {
    var iri = D.nodes[id].iri;
    var q = "PREFIX bg: <https://w3id.org/beleidsgraaf/def#>\n" +
      "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" +
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "SELECT ?relatie ?ander ?naam ?citaat ?sectie WHERE {\n" +
      "  BIND(<" + iri + "> AS ?e)\n" +
      "  { ?e ?relatie ?ander } UNION { ?ander ?relatie ?e }\n" +
      "  ?relatie rdfs:subPropertyOf+ bg:relatie .\n" +
      "  OPTIONAL { ?ander rdfs:label ?naam FILTER(LANG(?naam) = \"nl\") }\n" +
      "  OPTIONAL { ?c a bg:Bewering ; rdf:predicate ?relatie ; bg:citaat ?citaat ; bg:sectie ?sectie ;\n" +
      "                rdf:subject ?s ; rdf:object ?o . FILTER((?s = ?e && ?o = ?ander) || (?s = ?ander && ?o = ?e)) }\n" +
      "}";
    return D.serverUrl + "/sparql?query=" + encodeURIComponent(q);
  }
  function money(a) {
    if (!a) { return ""; }
    var v = Number(a.value);
    var text = (a.currency === "EUR" || !a.currency ? "€ " : a.currency + " ") +
      (isNaN(v) ? a.value : v.toLocaleString("nl-NL"));
    if (a.kind === "min") { return "minimaal / at least " + text; }
    if (a.kind === "max") { return "maximaal / at most " + text; }
    return text;
  }
  var EVENT_KIND = { vaststelling: "Vaststelling / adoption", financiering: "Financiering / funding", mijlpaal: "Mijlpaal / milestone" };

  function showPanel(id) {
    var n = D.nodes[id];
    var panel = $("bg-panel");
    panel.textContent = "";
    var close = el("button", { type: "button", "class": "close", "aria-label": "Sluiten / close" }, "×");
    close.addEventListener("click", function () { deselect(); container.focus(); });
    panel.appendChild(close);
    panel.appendChild(el("h2", { id: "bg-panel-title" }, name(id)));
    if (lang === "nl" && n.en) { panel.appendChild(el("p", { "class": "type", lang: "en" }, n.en)); }
    if (lang === "en" && n.en) { panel.appendChild(el("p", { "class": "type", lang: "nl" }, n.nl)); }
    var style = typeStyle(n.seg);
    panel.appendChild(el("p", { "class": "type" }, (lang === "en" ? n.clsEn : n.clsNl) + " · " + style[lang]));
    var dl = el("dl");
    function row(label, value) {
      if (value === null || value === undefined || value === "" || (value.length === 0)) { return; }
      dl.appendChild(el("dt", null, label));
      var dd = el("dd");
      if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
      dl.appendChild(dd);
    }
    row("id", id);
    row("Ook / also", (n.alt || []).join(", "));
    row("Omschrijving / description", n.desc);
    row("Status", n.status ? (lang === "en" ? n.status[1] : n.status[0]) : null);
    row("Datum / date", n.date);
    if (n.themes && n.themes.length) {
      var themes = el("span");
      n.themes.forEach(function (t, i) { if (i) { themes.appendChild(document.createTextNode(", ")); } themes.appendChild(nodeButton(t)); });
      row("Opgave / theme", themes);
    }
    panel.appendChild(dl);
    var links = el("div", { "class": "links" });
    links.appendChild(el("a", { href: entityUrl(id), id: "bg-entity-link" }, "Entiteitpagina / entity page"));
    links.appendChild(el("a", { href: sparqlUrl(id), id: "bg-sparql-link" }, "SPARQL-query"));
    panel.appendChild(links);
    if (n.mention) {
      panel.appendChild(el("h3", null, "Vermelding / mention"));
      claimBlock(panel, n.mention);
    }
    var out = [], inc = [];
    D.edges.forEach(function (e) {
      if (e.from === id) { out.push(e); } else if (e.to === id) { inc.push(e); }
    });
    [["Relaties / relations", out, "to"], ["Verwijzingen hierheen / incoming", inc, "from"]].forEach(function (group) {
      if (!group[1].length) { return; }
      panel.appendChild(el("h3", null, group[0] + " (" + group[1].length + ")"));
      var ul = el("ul", { "class": group[2] === "to" ? "rels-out" : "rels-in" });
      group[1].sort(function (a, b) { return (a.rel + name(a[group[2]])).localeCompare(b.rel + name(b[group[2]])); });
      group[1].forEach(function (e) {
        var li = el("li", { "class": "rel", "data-rel": e.rel, "data-other": e[group[2]] });
        var head = el("div");
        head.appendChild(el("span", { "class": "rel-kind" }, relLabel(e.rel)));
        head.appendChild(document.createTextNode(" "));
        head.appendChild(nodeButton(e[group[2]]));
        li.appendChild(head);
        (e.claims || []).forEach(function (c) { claimBlock(li, c); });
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    });
    if (n.events && n.events.length) {
      panel.appendChild(el("h3", null, "Gebeurtenissen / events"));
      var ul = el("ul", { "class": "events" });
      n.events.forEach(function (ev) {
        var li = el("li", { "class": "rel" });
        var head = el("div");
        head.appendChild(el("span", { "class": "rel-kind" }, EVENT_KIND[ev.kind] || ev.kind));
        var bits = [ev.soort, ev.date, money(ev.amount), ev.desc || (ev.kind === "financiering" ? ev.label : null)]
          .filter(function (x) { return x; });
        head.appendChild(document.createTextNode(" " + bits.join(" · ")));
        if (ev.by) { head.appendChild(document.createTextNode(" — door / by ")); head.appendChild(nodeButton(ev.by)); }
        li.appendChild(head);
        (ev.claims || []).forEach(function (c) { claimBlock(li, c); });
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    panel.hidden = false;
  }

  /* ---- search ------------------------------------------------------------------------------------------ */
  var index = Object.keys(D.nodes).filter(function (id) { return D.nodes[id].view; }).map(function (id) {
    var n = D.nodes[id];
    return { id: id, names: [n.nl, n.en].concat(n.alt || []).filter(function (x) { return x; }).map(fold) };
  });
  function search(text) {
    var q = fold(text);
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (entry) {
      var best = 0;
      entry.names.forEach(function (s) {
        var score = 0;
        if (s === q) { score = 4; }
        else if (s.indexOf(q) === 0) { score = 3; }
        else if ((" " + s).indexOf(" " + q) >= 0) { score = 2; }
        else if (s.indexOf(q) >= 0) { score = 1; }
        if (score > best) { best = score; }
      });
      if (best) { hits.push([best, name(entry.id), entry.id]); }
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1].localeCompare(b[1]); });
    return hits.slice(0, 20).map(function (h) { return h[2]; });
  }
  var input = $("bg-search"), list = $("bg-results"), active = -1, current = [];
  function renderResults() {
    list.textContent = "";
    current.forEach(function (id, i) {
      var li = el("li", { role: "option", id: "bg-opt-" + i, "data-node": id, "aria-selected": i === active ? "true" : "false" });
      li.appendChild(el("span", null, name(id)));
      var n = D.nodes[id];
      li.appendChild(el("span", { "class": "sub" }, (lang === "en" ? n.clsEn : n.clsNl) + (n.alt && n.alt.length ? " · " + n.alt.join(", ") : "")));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    if (!current.length && input.value.trim()) {
      list.appendChild(el("li", { role: "option", "aria-disabled": "true" }, "Niets gevonden / nothing found"));
    }
    var open = input.value.trim() !== "";
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (active >= 0) { input.setAttribute("aria-activedescendant", "bg-opt-" + active); }
    else { input.removeAttribute("aria-activedescendant"); }
  }
  function choose(i) {
    var id = current[i];
    if (!id) { return; }
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    select(id);
  }
  input.addEventListener("input", function () { current = search(input.value); active = current.length ? 0 : -1; renderResults(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (current.length) { active = (active + 1) % current.length; renderResults(); } }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); if (current.length) { active = (active - 1 + current.length) % current.length; renderResults(); } }
    else if (ev.key === "Enter") { ev.preventDefault(); if (active >= 0) { choose(active); } }
    else if (ev.key === "Escape") { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
  });
  input.addEventListener("blur", function () { list.hidden = true; input.setAttribute("aria-expanded", "false"); });
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "SELECT" && tag !== "TEXTAREA") { ev.preventDefault(); input.focus(); input.select(); }
    else if (ev.key === "Escape" && tag !== "INPUT" && selected) { deselect(); }
  });

  /* ---- legend and filters ---------------------------------------------------------------------------- */
  var present = {};
  Object.keys(D.nodes).forEach(function (id) { if (D.nodes[id].view) { present[D.nodes[id].seg] = true; } });
  var legendLabels = [];
  D.types.forEach(function (t) {
    if (!present[t.id]) { return; }
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-type": t.id });
    box.checked = true;
    box.addEventListener("change", function () { hiddenTypes[t.id] = !box.checked; refresh(); });
    var sw = el("span", { "class": "swatch shape-" + t.shape, "aria-hidden": "true" });
    sw.style.background = t.color;
    var text = el("span", null, t[lang]);
    legendLabels.push([text, t]);
    label.appendChild(box); label.appendChild(sw); label.appendChild(text);
    $("bg-types").appendChild(label);
  });
  D.relations.forEach(function (r) {
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-rel": r.id });
    box.checked = true;
    box.addEventListener("change", function () { hiddenRels[r.id] = !box.checked; refresh(); });
    var line = el("span", { "class": "line" + (r.dashes ? " dashed" : ""), "aria-hidden": "true" });
    line.style.borderTopColor = r.color;
    var text = el("span", null, r[lang]);
    legendLabels.push([text, r]);
    label.appendChild(box); label.appendChild(line); label.appendChild(text);
    $("bg-rels").appendChild(label);
  });
  var themeSelect = $("bg-theme");
  D.themes.forEach(function (t) {
    var o = el("option", { value: t.id }, lang === "en" && t.en ? t.en : t.nl);
    themeSelect.appendChild(o);
  });
  themeSelect.addEventListener("change", function () { setTheme(themeSelect.value); });
  function setTheme(t) {
    theme = t;
    themeSelect.value = t;
    if (!t) { themed = null; refresh(); return; }
    var core = {};
    Object.keys(D.nodes).forEach(function (id) {
      var n = D.nodes[id];
      if (n.view && n.themes && n.themes.indexOf(t) >= 0) { core[id] = true; }
    });
    themed = {};
    Object.keys(core).forEach(function (id) { themed[id] = true; });
    D.edges.forEach(function (e) {
      [[e.from, e.to], [e.to, e.from]].forEach(function (p) {
        var other = D.nodes[p[1]];
        if (core[p[0]] && !core[p[1]] && other && other.view && !(other.themes && other.themes.length)) { themed[p[1]] = true; }
      });
    });
    refresh();
  }
  function resetFilters() {
    hiddenTypes = {}; hiddenRels = {};
    document.querySelectorAll("#bg-types input, #bg-rels input").forEach(function (b) { b.checked = true; });
    setTheme("");
  }
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    if (selected && !nodeVisible(selected)) { deselect(); }
    else if (selected) { highlight(selected); }
    $("bg-count").textContent = nodeView.length + " knopen / nodes, " + edgeView.length + " relaties / relations";
  }

  /* ---- tools ------------------------------------------------------------------------------------------- */
  $("bg-zoom-in").addEventListener("click", function () { network.moveTo({ scale: network.getScale() * 1.3 }); });
  $("bg-zoom-out").addEventListener("click", function () { network.moveTo({ scale: network.getScale() / 1.3 }); });
  $("bg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  $("bg-physics").checked = !!D.physics;
  $("bg-physics").addEventListener("change", function () {
    network.setOptions({ physics: { enabled: $("bg-physics").checked } });
  });
  $("bg-png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    if (!canvas) { return; }
    var a = el("a", { download: "netwerk.png", href: canvas.toDataURL("image/png") });
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  $("bg-lang").addEventListener("click", function () {
    lang = lang === "nl" ? "en" : "nl";
    document.documentElement.lang = lang;
    $("bg-lang").textContent = lang === "nl" ? "English" : "Nederlands";
    $("bg-lang").setAttribute("aria-pressed", lang === "en" ? "true" : "false");
    nodes.update(VIS.nodes.map(function (n) { return { id: n.id, label: name(n.id) }; }));
    edges.update(VIS.edges.map(function (e) { return { id: e.id, label: relLabel(e.rel), title: relLabel(e.rel) }; }));
    legendLabels.forEach(function (p) { p[0].textContent = p[1][lang]; });
    Array.prototype.forEach.call(themeSelect.options, function (o) {
      D.themes.forEach(function (t) { if (t.id === o.value) { o.textContent = lang === "en" && t.en ? t.en : t.nl; } });
    });
    if (selected) { showPanel(selected); }
  });

  /* ---- start: focus from the server, or from the URL (#knoop=ID) ------------------------------------ */
  function fromHash() {
    var m = /(?:^|[#&])(?:knoop|focus|node)=([^&]+)/.exec(location.hash || "");
    return m ? decodeURIComponent(m[1]) : null;
  }
  if (D.theme) { setTheme(D.theme); }
  var start = fromHash() || D.focus;
  if (start && D.nodes[start]) {
    select(start, { hash: false });
  }
  window.addEventListener("hashchange", function () {
    var id = fromHash();
    if (id && id !== selected) { select(id, { hash: false }); }
  });
  window.bgView = { network: network, select: select, search: search, nodes: nodes, edges: edges,
    visibleNodes: function () { return nodeView.getIds(); }, visibleEdges: function () { return edgeView.getIds(); } };
})();
