/**
 * The page's script, run in the browser with cytoscape and the page data. Kept as plain ES2017
 * text (no template literals inside, no build step) so it is inlined byte for byte; it builds the
 * DOM with textContent only, never HTML from data.
 */
export const APP_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('leakpath-data').textContent);
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); }
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: data.nodes.map(function (n) {
      var classes = [n.kind || 'node'];
      if (n.start) classes.push('start');
      if (n.jewel) classes.push('jewel');
      if (n.tierZero) classes.push('tier0');
      return { group: 'nodes', data: { id: n.id, label: n.label }, position: { x: n.x, y: n.y }, classes: classes.join(' ') };
    }).concat(data.edges.map(function (e) {
      return { group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.technique }, classes: e.conditional ? 'conditional' : '' };
    })),
    layout: { name: 'preset', fit: true, padding: 40 },
    wheelSensitivity: 0.3,
    maxZoom: 2.5,
    style: [
      { selector: 'node', style: { 'label': 'data(label)', 'font-family': 'system-ui, sans-serif', 'font-size': 13, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#6b7a90', 'width': 26, 'height': 26, 'text-wrap': 'ellipsis', 'text-max-width': 150 } },
      { selector: 'node.Credential', style: { 'shape': 'diamond', 'background-color': '#2f6fb5' } },
      { selector: 'node.Resource', style: { 'shape': 'round-rectangle', 'background-color': '#5b8c5a' } },
      { selector: 'node.SecretLocation', style: { 'shape': 'tag', 'background-color': '#a07a2c' } },
      { selector: 'node.start', style: { 'border-width': 3, 'border-color': '#1d3f66' } },
      { selector: 'node.jewel', style: { 'border-width': 4, 'border-color': '#d4a017', 'width': 34, 'height': 34 } },
      { selector: 'node.tier0', style: { 'background-color': '#c0392b', 'shape': 'star', 'width': 38, 'height': 38 } },
      { selector: 'edge', style: { 'width': 2, 'line-color': '#9aa5b4', 'target-arrow-color': '#9aa5b4', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 1.1 } },
      { selector: 'edge.conditional', style: { 'line-style': 'dashed' } },
      { selector: '.faded', style: { 'opacity': 0.15 } },
      { selector: 'node.hl', style: { 'border-width': 4, 'border-color': '#e67e22' } },
      { selector: 'edge.hl', style: { 'width': 5, 'line-color': '#e67e22', 'target-arrow-color': '#e67e22', 'label': 'data(label)', 'font-size': 10, 'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
      { selector: ':selected', style: { 'overlay-color': '#e67e22', 'overlay-opacity': 0.25 } },
      { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#8e44ad' } }
    ]
  });
  var nodesById = {}; data.nodes.forEach(function (n) { nodesById[n.id] = n; });
  var edgesById = {}; data.edges.forEach(function (e) { edgesById[e.id] = e; });
  var panel = document.getElementById('panel');
  var body = document.getElementById('panel-body');
  function section(title, lines, pre) {
    if (!lines || !lines.length) return null;
    return el('section', null, [el('h3', { text: title })].concat(lines.map(function (l) { return el(pre ? 'pre' : 'p', { text: l }); })));
  }
  function show(children) {
    body.textContent = '';
    children.forEach(function (c) { if (c) body.appendChild(c); });
    if (panel.hidden) { panel.hidden = false; refit(); }
  }
  // The canvas changes width when the panel opens or closes; cytoscape must be told.
  function refit() { cy.resize(); cy.fit(undefined, 40); }
  function showEdge(e) {
    var d = e.docs;
    show([
      el('h2', { text: (nodesById[e.source] || {}).label + ' \u2192 ' + (nodesById[e.target] || {}).label }),
      el('p', { 'class': 'technique', text: e.kind + ' \u00b7 ' + e.technique + (d ? ' \u2014 ' + d.title : '') }),
      section('Evidence', [e.summary].concat(e.refs)),
      section('Only if', e.conditions ? [e.conditions] : []),
      section('First', e.prerequisites),
      section('Assumed', e.assumptions),
      section('Walk-through', e.walkthrough, true),
      d ? section('What it is', [d.general]) : null,
      d ? section('Abuse', [d.abuse]) : null,
      d ? section('Fix', [d.fix]) : null,
      d ? section('Tags', [d.owaspNhi.map(function (t) { return 'OWASP ' + t; }).concat(d.mitre.map(function (t) { return 'MITRE ' + t; })).join(', ')]) : null,
      d ? section('References', d.references) : null
    ]);
  }
  function showNode(n) {
    show([
      el('h2', { text: n.label }),
      el('p', { 'class': 'technique', text: [n.kind, n.type, n.provider].filter(Boolean).join(' \u00b7 ') }),
      section('Id', [n.id]),
      section('Crown jewel', n.jewel ? [n.jewel] : []),
      section('Tier zero', n.tierZero ? ['admin-equivalent in its account or tenant'] : []),
      section('Risk', n.risk || []),
      section('Leaked credential', n.start ? ['a path starts here'] : [])
    ]);
  }
  cy.on('tap', 'edge', function (evt) { showEdge(edgesById[evt.target.id()]); });
  cy.on('tap', 'node', function (evt) { showNode(nodesById[evt.target.id()]); });
  document.getElementById('panel-close').addEventListener('click', function () { panel.hidden = true; refit(); });

  var items = [];
  function highlight(i) {
    var p = data.paths[i];
    cy.elements().removeClass('hl').addClass('faded');
    p.nodes.forEach(function (id) { cy.getElementById(id).removeClass('faded').addClass('hl'); });
    p.edges.forEach(function (id) { cy.getElementById(id).removeClass('faded').addClass('hl'); });
    items.forEach(function (li, j) { li.classList.toggle('active', j === i); });
  }
  function clearHighlight() {
    cy.elements().removeClass('hl faded');
    items.forEach(function (li) { li.classList.remove('active'); });
  }
  var list = document.getElementById('paths');
  data.paths.forEach(function (p, i) {
    var li = el('li', { 'data-index': String(i), tabindex: '0' }, [el('strong', { text: p.label }), el('span', { text: p.detail })]);
    li.addEventListener('click', function () { if (li.classList.contains('active')) clearHighlight(); else highlight(i); });
    li.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') highlight(i); });
    items.push(li);
    list.appendChild(li);
  });

  var search = document.getElementById('search');
  search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase();
    cy.nodes().removeClass('match');
    if (!q) return;
    var hits = cy.nodes().filter(function (n) { var d = nodesById[n.id()]; return d.label.toLowerCase().indexOf(q) >= 0 || d.id.toLowerCase().indexOf(q) >= 0; });
    hits.addClass('match');
    document.getElementById('search-count').textContent = hits.length + ' match(es)';
    if (hits.length) cy.animate({ fit: { eles: hits, padding: 80 } }, { duration: 200 });
  });
  window.leakpath = { cy: cy, data: data, highlight: highlight };
})();
`;
