/* The zone drawing page: whenever the outline changes (zones.js fires "change" on the hidden
   geometry field), ask /api/zones/preview what it covers and show the counts before saving. */
(function () {
  "use strict";
  var el = window.gsDom.el;

  function line(text, count) {
    return el("li", {}, [text + ": ", el("strong", { text: String(count) })]);
  }

  function body(data, panel) {
    if (data.code) return [el("p", { "class": "message error", text: data.message, dataset: { code: data.code } })];
    var labels = panel.dataset;
    return [
      el("p", { "class": "zone-preview-total", text: labels.features.replace("{count}", data.features) }),
      el("ul", { "class": "zone-preview-kinds" }, data.kinds.map(function (k) { return line(k.label, k.count); })),
      el("ul", { "class": "zone-preview-risk" }, data.risk.map(function (r) {
        return el("li", { dataset: { risk: r.value } }, [el("span", { "class": "risk-dot", style: "background:" + r.colour }),
          r.label + ": ", el("strong", { text: String(r.count) })]);
      })),
      el("p", { "class": "zone-preview-hazards", text: labels.hazards.replace("{count}", data.open_hazards) })
    ];
  }

  function init() {
    var field = document.getElementById("zone-geometry"), panel = document.getElementById("zone-preview");
    if (!field || !panel) return;
    var out = panel.querySelector(".zone-preview-body"), asked = 0;
    var token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
    function ask() {
      var ticket = (asked += 1);
      panel.hidden = !field.value;
      if (!field.value) return;
      fetch(panel.dataset.url, { method: "POST", credentials: "same-origin", body: JSON.stringify({ geometry: JSON.parse(field.value) }),
                                 headers: { "Content-Type": "application/json", "X-CSRFToken": token } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (ticket !== asked) return;
          out.textContent = "";
          body(data, panel).forEach(function (node) { out.appendChild(node); });
          panel.dataset.state = data.code ? "refused" : "shown";
        });
    }
    field.addEventListener("change", ask);
    ask();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
