/* The one way pages put data into the DOM: as nodes and text, never as HTML. A feature's name, a
   hazard's message or a zone's name is whatever someone typed; given to innerHTML (or to Leaflet's
   popups, tooltips and layer labels as a string, which Leaflet treats as HTML) it would run as script
   for every viewer. Leaflet takes elements for popups and tooltips: build them with el(). */
(function () {
  "use strict";

  // el("a", {href: url, "class": "open", text: name, dataset: {id: 7}, style: "background:#c62828"}, [child, ...])
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null) return;
      if (key === "text") node.textContent = String(value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // For the few Leaflet options that only take an HTML string (layer-control labels, attribution):
  // the text, escaped, so it shows as typed.
  function text(value) {
    var div = document.createElement("div");
    div.textContent = value === null || value === undefined ? "" : String(value);
    return div.innerHTML;
  }

  window.gsDom = { el: el, text: text };
})();
