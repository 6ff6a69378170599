// The phone page /m/: today's tasks, a patrol with its GPS track, checklists with photos, offline.
//
// Every write is an action with a client UUID, queued in IndexedDB (photos as Blobs) before anything
// is sent. The queue syncs in order when the phone is online (on load, on the online event, after each
// action and every 20 s): JSON actions in batches to /api/m/sync, each photo on its own to
// /api/m/photos. An action leaves the queue only when the server says applied or duplicate; a
// conflict or an error moves it to "needs your decision" with the server's answer, never retried
// blindly and never overwriting what changed on the server.
(function () {
  "use strict";

  var body = document.body;
  var S = JSON.parse(document.getElementById("m-strings").textContent);
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var URLS = {sw: body.dataset.sw, today: body.dataset.today, sync: body.dataset.sync, photos: body.dataset.photos};
  var RISK_COLOURS = {0: "#607d8b", 1: "#f9a825", 2: "#ef6c00", 3: "#c62828"};
  var BATCH = 50, FLUSH_POINTS = 10;

  function $(id) { return document.getElementById(id); }
  var el = window.gsDom.el;
  function uuid() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function text(pair) { return pair ? (pair[LANG] || pair.zh || pair.en || "") : ""; }
  function now() { return new Date().toISOString(); }
  function say(message, kind) {
    var node = $("m-message");
    node.textContent = message;
    node.className = "message " + (kind || "");
    node.hidden = !message;
  }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // -- IndexedDB: queue (ordered by seq), problems (conflicts and errors), state (patrol, today) ------
  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open("geo_server_m", 1);
    request.onupgradeneeded = function () {
      var db = request.result;
      db.createObjectStore("queue", {keyPath: "seq", autoIncrement: true});
      db.createObjectStore("problems", {keyPath: "id"});
      db.createObjectStore("state", {keyPath: "key"});
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function store(name, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  var db = {
    all: function (name) { return store(name, "readonly", function (s) { return s.getAll(); }); },
    put: function (name, value) { return store(name, "readwrite", function (s) { return s.put(value); }); },
    add: function (name, value) { return store(name, "readwrite", function (s) { return s.add(value); }); },
    get: function (name, key) { return store(name, "readonly", function (s) { return s.get(key); }); },
    del: function (name, key) { return store(name, "readwrite", function (s) { return s.delete(key); }); },
  };

  // -- the queue --------------------------------------------------------------------------------------
  // Each entry remembers who queued it: on a phone shared between inspectors, an action is only ever
  // sent with its own author's session.
  var USER = body.dataset.user;

  function queueAdd(action) {
    return db.add("queue", Object.assign({user: USER}, action));
  }

  function myQueue() {
    return db.all("queue").then(function (entries) {
      return entries.filter(function (entry) { return entry.user === USER; });
    });
  }

  function enqueue(action) {
    return queueAdd(action).then(showQueue).then(function () { sync(); });
  }

  function showQueue() {
    return myQueue().then(function (entries) {
      var node = $("m-queue");
      node.dataset.count = entries.length;
      node.textContent = entries.length ? entries.length + " " + S.queued : S.synced;
      return entries;
    });
  }

  function showNet() {
    var node = $("m-net");
    node.textContent = navigator.onLine ? S.online : S.offline;
    node.dataset.online = navigator.onLine ? "1" : "0";
  }

  var syncing = false, syncAgain = false;
  // After a failed pass (no answer from the server) the next comes sooner than the 20 s tick: 2 s,
  // then twice as long each time, at most a minute.
  var retryDelay = 0, retryTimer = null;

  function retryLater() {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 60000);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sync, retryDelay);
  }

  // One pass over the queue, in order. Stops (to retry later) when the network or the session fails.
  function sync() {
    if (syncing) { syncAgain = true; return Promise.resolve(); }
    if (!navigator.onLine) return Promise.resolve();
    syncing = true;
    return myQueue().then(function step(entries) {
      if (!entries.length) return null;
      var head = entries[0];
      var sent = head.type === "photo" ? sendPhoto(head) : sendBatch(entries);
      return sent.then(function (more) { return more ? myQueue().then(step) : null; });
    }).then(function () {
      retryDelay = 0;
    }, function () {
      // Offline or the server unreachable: everything stays queued.
      if (navigator.onLine) retryLater();
    }).then(function () {
      syncing = false;
      showQueue();
      showProblems();
      if (syncAgain) { syncAgain = false; return sync(); }
    });
  }

  function post(url, init) {
    init.method = "POST";
    init.credentials = "same-origin";
    init.headers = Object.assign({"X-CSRFToken": csrfToken()}, init.headers || {});
    return fetch(url, init).then(function (response) {
      var json = /json/.test(response.headers.get("content-type") || "");
      if (response.status === 401 || (response.status === 403 && !json) || response.redirected) {
        say(S.login_again, "error");
        throw new Error("session");
      }
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    });
  }

  function sendBatch(entries) {
    var batch = [];
    for (var i = 0; i < entries.length && batch.length < BATCH && entries[i].type !== "photo"; i++) {
      batch.push(entries[i]);
    }
    var actions = batch.map(function (entry) {
      var action = Object.assign({}, entry);
      delete action.seq; delete action.label; delete action.user; delete action.form;
      return action;
    });
    return post(URLS.sync, {headers: {"Content-Type": "application/json"}, body: JSON.stringify({actions: actions})})
      .then(function (answer) {
        if (answer.status === 400 && answer.data.details && "index" in answer.data.details) {
          // A malformed action (should not happen): set it aside so the rest can go.
          var bad = batch[answer.data.details.index];
          return settle(bad, {status: "error", code: answer.data.code, message: answer.data.message}).then(yes);
        }
        if (answer.status !== 200) throw new Error("sync " + answer.status);
        var byId = {};
        answer.data.results.forEach(function (outcome) { byId[outcome.id] = outcome; });
        if (batch.some(function (entry) { return !byId[entry.id]; })) throw new Error("sync: answers missing");
        return batch.reduce(function (chain, entry) {
          return chain.then(function () { return settle(entry, byId[entry.id]); });
        }, Promise.resolve()).then(yes);
      });
  }

  function yes() { return true; }

  function sendPhoto(entry) {
    var form = new FormData();
    form.append("id", entry.id);
    if (entry.notice) {
      form.append("notice", entry.notice);
    } else if (entry.record) {
      form.append("record", entry.record);
    } else {
      form.append("result", entry.result);
      form.append("item", entry.item);
    }
    form.append("file", entry.blob, entry.name || "photo.jpg");
    return post(URLS.photos, {body: form}).then(function (answer) {
      return settle(entry, answer.data).then(yes);
    });
  }

  // Applied or duplicate: done. Conflict or error: kept, with the server's answer, for the user.
  function settle(entry, outcome) {
    if (!outcome) return Promise.resolve();
    var seq = entry.seq;
    if (outcome.status === "applied" || outcome.status === "duplicate") {
      noteApplied(entry, outcome);
      return db.del("queue", seq);
    }
    var problem = Object.assign({}, entry, {outcome: outcome});
    delete problem.seq;
    return db.put("problems", problem).then(function () { return db.del("queue", seq); });
  }

  function noteApplied(entry, outcome) {
    if (entry.type === "issue_notice" && outcome.result) noteNotice(outcome);
    if (entry.form && outcome.result) say(S.record_synced + ": " + (entry.label || entry.type));
    if (entry.type === "finish_patrol" && outcome.result) {
      var r = outcome.result;
      say(S.patrol_result + ": " + (r.valid ? S.valid : S.not_valid) + " · " + ((LANG === "zh" && r.reasons_zh && r.reasons_zh.length ? r.reasons_zh : r.reasons) || []).join("; "));
    }
  }

  // -- problems: conflicts and refusals, each with the user's choices ----------------------------------
  function describe(entry) {
    return entry.label || entry.type;
  }

  function showProblems() {
    return db.all("problems").then(function (all) {
      var problems = all.filter(function (problem) { return problem.user === USER; });
      var list = $("m-problem-list");
      list.textContent = "";
      $("m-problems").hidden = !problems.length;
      problems.forEach(function (problem) {
        var outcome = problem.outcome || {};
        var current = outcome.current || {};
        var li = el("li", {"class": "problem", dataset: {id: problem.id, status: outcome.status || "", code: outcome.code || ""}}, [
          el("strong", {text: (outcome.status === "conflict" ? S.conflict : S.error) + ": " + describe(problem)}),
          el("div", {text: outcome.message || outcome.code || ""}),
        ]);
        if (current.version !== undefined) {
          var summary = S.server_now + ": " + S.version + " " + current.version;
          if (current.state) summary += " · " + (S.states[current.state] || current.state);
          if (current.answers) summary += " · " + current.answers.map(function (a) { return S[a.answer]; }).join(", ");
          li.appendChild(el("div", {"class": "server-now", text: summary}));
        }
        var discard = el("button", {type: "button", "class": "discard", text: S.discard});
        discard.onclick = function () { db.del("problems", problem.id).then(showProblems); };
        li.appendChild(discard);
        var again = el("button", {type: "button", "class": "resend",
                                  text: outcome.status === "conflict" && current.version !== undefined ? S.resend : S.retry});
        again.onclick = function () { resend(problem); };
        li.appendChild(again);
        list.appendChild(li);
      });
    });
  }

  // The user chose to send theirs again: as a new action, over the version the server has now.
  function resend(problem) {
    var action = Object.assign({}, problem);
    var current = (problem.outcome || {}).current || {};
    delete action.outcome;
    if (problem.outcome && problem.outcome.status === "conflict" && current.version !== undefined) {
      action.id = uuid();
      action.version = current.version;
    }
    return db.del("problems", problem.id).then(function () { return enqueue(action); }).then(showProblems);
  }

  // -- today's data ------------------------------------------------------------------------------------
  var today = null, map = null, zoneLayer = null, featureLayer = null, trackLine = null, meMarker = null;

  function loadToday() {
    return fetch(URLS.today, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("today " + response.status);
        return response.json();
      })
      .then(function (data) { return db.put("state", {key: "today:" + USER, value: data}).then(function () { return data; }); })
      .catch(function () { return db.get("state", "today:" + USER).then(function (kept) { return kept && kept.value; }); })
      // A copy kept for someone else (a shared phone) is no use to this user.
      .then(function (data) { if (data && data.user.username === USER) { today = data; render(); keepDocuments(); } });
  }

  function render() {
    $("m-date").textContent = today.date;
    var list = $("m-task-list");
    list.textContent = "";
    var reachTasks = sectorTasks();
    if (!today.tasks.length && !reachTasks.length) list.appendChild(el("li", {"class": "muted", text: S.no_tasks}));
    reachTasks.forEach(function (task) { list.appendChild(sectorTaskRow(task)); });
    var zonesWithTask = {};
    today.tasks.forEach(function (task) {
      zonesWithTask[task.zone] = true;
      list.appendChild(taskRow(task.zone, task.zone_name,
        task.done + "/" + task.due + " " + S.done + " · " + task.starts_on + " → " + task.ends_before, task.status));
    });
    today.zones.features.forEach(function (zone) {
      if (!zonesWithTask[zone.id]) list.appendChild(taskRow(zone.id, zone.properties.name, "", "plan"));
    });
    drawMap();
    var objects = $("m-object-list");
    objects.textContent = "";
    today.features.features.forEach(function (feature) {
      var p = feature.properties;
      var button = el("button", {type: "button", "class": "object", dataset: {feature: feature.id, risk: p.risk_level}}, [
        el("span", {"class": "dot", style: "background:" + RISK_COLOURS[p.risk_level]}),
        el("span", {text: p.code + " " + (LANG === "en" && p.name_en ? p.name_en : p.name)}),
        p.hazards.length ? el("span", {"class": "badge", text: String(p.hazards.length)}) : null,
      ]);
      button.onclick = function () { openFeature(feature); };
      objects.appendChild(el("li", {}, [button]));
    });
    showPatrol();
  }

  // The tasks sectors give (a river chief's reaches), the same rows as the sector's own API.
  function sectorTasks() {
    var rows = [], byKind = today.sector_tasks || {};
    Object.keys(byKind).sort().forEach(function (kind) { rows = rows.concat(byKind[kind]); });
    return rows;
  }

  function sectorTaskRow(task) {
    var status = task.outstanding ? (task.overdue ? "overdue" : "due") : "done";
    var period = task.period_start ? " · " + task.period_start + " → " + task.period_end : "";
    return el("li", {"class": "task", dataset: {reach: task.reach, status: status}}, [
      el("div", {}, [el("strong", {text: task.reach_name}), el("span", {"class": "status " + status, text: S[status]})]),
      el("div", {"class": "muted", text: task.done + "/" + task.due + " " + S.done + period}),
    ]);
  }

  function taskRow(zoneId, name, detail, status) {
    var start = el("button", {type: "button", "class": "start", dataset: {zone: zoneId}, text: S.start_here});
    start.onclick = function () { startPatrol(zoneId, name); };
    var li = el("li", {"class": "task", dataset: {zone: zoneId, status: status}}, [
      el("div", {}, [el("strong", {text: name}), status !== "plan" ? el("span", {"class": "status " + status, text: S[status] || status}) : null]),
      detail ? el("div", {"class": "muted", text: detail}) : null,
      start,
    ]);
    li.querySelector("strong").onclick = function () { focusZone(zoneId); };
    return li;
  }

  function drawMap() {
    if (!map) {
      map = L.map("m-map", {zoomControl: true, attributionControl: false});
      window.mobileMap = map;  // the browser tests tap features at known coordinates
    }
    if (zoneLayer) zoneLayer.remove();
    if (featureLayer) featureLayer.remove();
    zoneLayer = L.geoJSON(today.zones, {style: {color: "#ad1457", weight: 2, fillOpacity: 0.05}}).addTo(map);
    featureLayer = L.geoJSON(today.features, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {radius: 11, weight: 2, color: "#fff", fillOpacity: 0.9,
                                       fillColor: RISK_COLOURS[feature.properties.risk_level]});
      },
      style: function (feature) { return {color: RISK_COLOURS[feature.properties.risk_level], weight: 3}; },
      onEachFeature: function (feature, layer) { layer.on("click", function () { openFeature(feature); }); },
    }).addTo(map);
    var bounds = zoneLayer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, {padding: [10, 10]});
    else map.setView([23.13, 113.35], 10);
  }

  function focusZone(zoneId) {
    zoneLayer.eachLayer(function (layer) {
      if (layer.feature.id === zoneId) map.fitBounds(layer.getBounds(), {padding: [10, 10]});
    });
  }

  // -- a feature and its checklist ----------------------------------------------------------------------
  var openFeatureId = null;

  function openFeature(feature) {
    var p = feature.properties;
    openFeatureId = feature.id;
    $("m-feature").hidden = false;
    $("m-feature").dataset.feature = feature.id;
    $("m-feature-name").textContent = p.code + " " + (LANG === "en" && p.name_en ? p.name_en : p.name);
    $("m-feature-meta").textContent = (S.kinds[p.kind] || p.kind) + " · " + S.risk + ": " + S.levels[p.risk_level] +
      (p.stage ? " · " + S.stage + ": " + (p.stage_label || p.stage) : "");
    renderHazards(p.hazards);
    renderDocuments(p.documents || []);
    renderForms(p.forms || []);
    var templates = today.templates.filter(function (t) { return t.kind === p.kind; });
    var select = $("m-template");
    select.textContent = "";
    templates.forEach(function (t) {
      var option = el("option", {value: t.id, text: text(t.name)});
      // The default too, not only the current choice: the form's reset after a save goes back to the
      // default, which would otherwise be the first template, of another stage.
      if (t.stage && t.stage === p.stage) option.defaultSelected = option.selected = true;
      select.appendChild(option);
    });
    select.onchange = function () { renderItems(templateById(Number(select.value))); };
    renderItems(templateById(Number(select.value)));
    $("m-feature").scrollIntoView({behavior: "smooth", block: "start"});
  }

  function templateById(id) {
    return today.templates.filter(function (t) { return t.id === id; })[0] || null;
  }

  function renderHazards(hazards) {
    var box = $("m-hazards");
    box.textContent = "";
    box.appendChild(el("h3", {text: S.open_hazards + " (" + hazards.length + ")"}));
    var list = el("ul", {"class": "hazards"});
    hazards.forEach(function (h) {
      var li = el("li", {dataset: {hazard: h.id, version: h.version}}, [
        el("span", {"class": "dot", style: "background:" + RISK_COLOURS[h.level]}),
        el("span", {text: text(h.message) + " · " + (S.states[h.state] || h.state)}),
      ]);
      // Extending and referring need a date or an organisation: done on the hazard page, not here.
      h.allowed_actions.filter(function (verb) { return verb !== "extend" && verb !== "refer"; }).forEach(function (verb) {
        var button = el("button", {type: "button", "class": "hazard-action", dataset: {action: verb},
                                   text: S.actions[verb] || verb});
        button.onclick = function () {
          var reason = window.prompt(S.actions[verb] || verb, "") || "";
          enqueue({id: uuid(), type: "hazard_transition", hazard: h.id, action: verb, version: h.version,
                   reason: reason, label: verb + " #" + h.id});
        };
        li.appendChild(button);
      });
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  // -- a feature's site documents and a notice issued on site ------------------------------------------
  // The list rides in today (kept offline with it); the files themselves are kept in a Cache of this
  // user's own, fetched while online, within caps: a file of at most DOC_FILE_MAX bytes, and at most
  // DOC_TOTAL_MAX bytes in all, taken in the order today lists them (riskiest features first). A file
  // over a cap stays online only. Files no longer listed are dropped. A kept file opens from the cache
  // (as a blob), so it reads offline; /waterworks/... lies outside the service worker's scope.
  var DOC_CACHE = "geo-server-docs:" + USER, DOC_FILE_MAX = 20 * 1024 * 1024, DOC_TOTAL_MAX = 50 * 1024 * 1024;
  var keptDocs = {};

  function path(url) { return new URL(url, location.href).pathname; }

  function listedDocuments() {
    var rows = [];
    today.features.features.forEach(function (f) {
      (f.properties.documents || []).forEach(function (d) { if (d.file_url) rows.push(d); });
    });
    return rows;
  }

  function documentsToKeep() {
    var keep = {}, total = 0;
    listedDocuments().forEach(function (d) {
      var size = d.bytes || 0;
      if (keep[d.file_url] || size > DOC_FILE_MAX || total + size > DOC_TOTAL_MAX) return;
      keep[d.file_url] = true;
      total += size;
    });
    return keep;
  }

  function keepDocuments() {
    if (!window.caches || !today) return Promise.resolve();
    var keep = documentsToKeep();
    return caches.open(DOC_CACHE).then(function (cache) {
      return cache.keys().then(function (requests) {
        var have = {};
        return Promise.all(requests.map(function (request) {
          var url = path(request.url);
          if (!keep[url]) return cache.delete(request);
          have[url] = true;
          return null;
        })).then(function () {
          if (!navigator.onLine) return null;
          return Promise.all(Object.keys(keep).filter(function (url) { return !have[url]; }).map(function (url) {
            return fetch(url, {credentials: "same-origin"}).then(function (response) {
              if (response.ok && !response.redirected) return cache.put(url, response);
              return null;
            }).catch(function () { return null; });
          }));
        }).then(function () { return cache.keys(); });
      });
    }).then(function (requests) {
      keptDocs = {};
      requests.forEach(function (request) { keptDocs[path(request.url)] = true; });
      markDocuments();
    }).catch(function () { /* no Cache API (private mode): documents read online only */ });
  }

  function markDocuments() {
    Array.prototype.forEach.call(document.querySelectorAll("#m-documents a[data-url]"), function (a) {
      a.dataset.offline = keptDocs[a.dataset.url] ? "1" : "0";
    });
    body.dataset.documentsKept = String(Object.keys(keptDocs).length);
  }

  function openDocument(event) {
    var url = event.currentTarget.dataset.url;
    if (!keptDocs[url] || !window.caches) return;  // not kept: the link opens it online
    event.preventDefault();
    var opened = window.open("", "_blank");
    caches.open(DOC_CACHE).then(function (cache) { return cache.match(url); }).then(function (response) {
      if (!response) throw new Error("not kept");
      return response.blob();
    }).then(function (blob) {
      var target = URL.createObjectURL(blob);
      if (opened) opened.location.href = target; else location.href = target;
    }).catch(function () {
      if (opened) opened.close();
      location.href = url;
    });
  }

  function renderDocuments(documents) {
    var box = $("m-documents");
    box.textContent = "";
    if (!documents.length) return;
    box.appendChild(el("h3", {text: S.documents + " (" + documents.length + ")"}));
    box.appendChild(el("ul", {"class": "documents"}, documents.map(function (d) {
      var detail = [d.type_label, d.title, d.certificate_no, d.held_on, d.topic].filter(Boolean).join(" · ");
      if (!d.file_url) return el("li", {dataset: {document: d.id}}, [el("span", {text: detail})]);
      var link = el("a", {href: d.file_url, dataset: {url: d.file_url, offline: keptDocs[d.file_url] ? "1" : "0"},
                          text: detail});
      link.addEventListener("click", openDocument);
      return el("li", {dataset: {document: d.id}}, [link, el("span", {"class": "kept", text: " " + S.kept_offline})]);
    })));
  }

  function issueNotice(event) {
    event.preventDefault();
    var form = event.target, finding = form.elements.finding.value.trim();
    if (!finding) { say(S.finding_needed, "error"); return; }
    var action = {id: uuid(), type: "issue_notice", feature: openFeatureId, finding: finding,
                  level: Number(form.elements.level.value), label: finding.slice(0, 40)};
    if (form.elements.deadline.value) action.deadline = form.elements.deadline.value;
    var photos = Array.prototype.slice.call(form.elements.photos.files || []);
    var queued = queueAdd(action);
    photos.forEach(function (file) {
      queued = queued.then(function () {
        return queueAdd({id: uuid(), type: "photo", notice: action.id, blob: file, name: file.name, label: file.name});
      });
    });
    queued.then(showQueue).then(function () { form.reset(); say(S.notice_saved); sync(); });
  }

  // -- the records sectors let the phone take on a feature (a census entry, a curtain-wall inspection) ---
  function todayIso() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function formInput(field) {
    var attrs = {name: field.name};
    if (field.required) attrs.required = "";
    if (field.type === "choice") {
      return el("select", attrs, [el("option", {value: "", text: "—"})].concat(field.choices.map(function (c) {
        return el("option", {value: c[0], text: c[1]});
      })));
    }
    if (field.type === "textarea") return el("textarea", Object.assign(attrs, {maxlength: "2000"}));
    if (field.type === "boolean") return el("input", {type: "checkbox", name: field.name});
    if (field.type === "integer") {
      attrs.type = "number"; attrs.step = "1"; attrs.inputmode = "numeric";
      if (field.min !== null) attrs.min = String(field.min);
      if (field.max !== null) attrs.max = String(field.max);
      return el("input", attrs);
    }
    attrs.type = field.type === "date" ? "date" : "text";
    if (field.default === "today") attrs.value = todayIso();
    return el("input", attrs);
  }

  function renderForms(offered) {
    var box = $("m-forms");
    box.textContent = "";
    (today.forms || []).filter(function (f) { return offered.indexOf(f.action) >= 0; }).forEach(function (spec) {
      var form = el("form", {"class": "record-form", dataset: {action: spec.action}}, spec.fields.map(function (field) {
        return el("label", {"class": field.type === "boolean" ? "check" : ""}, [
          el("span", {text: field.label + " "}), formInput(field)]);
      }).concat([
        el("label", {}, [el("span", {text: S.photos + " "}),
                         el("input", {type: "file", name: "photos", accept: "image/*", capture: "environment", multiple: ""})]),
        el("button", {type: "submit", "class": "big", text: S.save_record}),
      ]));
      form.addEventListener("submit", function (event) { saveRecord(event, spec); });
      box.appendChild(el("details", {"class": "record-box", dataset: {action: spec.action}}, [
        el("summary", {text: spec.title}), form]));
    });
  }

  // The record and its photos (Blob copies) enter the queue together, the record first.
  function saveRecord(event, spec) {
    event.preventDefault();
    var form = event.target;
    var action = {id: uuid(), type: spec.action, feature: openFeatureId, form: true,
                  label: spec.title + " · " + $("m-feature-name").textContent};
    spec.fields.forEach(function (field) {
      var input = form.elements[field.name];
      if (field.type === "boolean") { action[field.name] = input.checked; return; }
      var value = input.value.trim();
      if (value === "") return;
      action[field.name] = field.type === "integer" ? Number(value) : value;
    });
    var files = Array.prototype.slice.call(form.elements.photos.files || []);
    Promise.all(files.map(function (file) {
      return file.arrayBuffer().then(function (bytes) {
        return {id: uuid(), type: "photo", record: action.id, name: file.name, label: S.photos + " · " + file.name,
                blob: new Blob([bytes], {type: file.type || "image/jpeg"})};
      });
    })).then(function (photos) {
      return [action].concat(photos).reduce(function (chain, a) {
        return chain.then(function () { return queueAdd(a); });
      }, Promise.resolve());
    }).then(function () {
      form.reset();
      say(S.record_saved);
      return showQueue();
    }).then(function () { sync(); });
  }

  function noteNotice(outcome) {
    var r = outcome.result;
    $("m-issued").appendChild(el("li", {dataset: {hazard: r.hazard}}, [
      el("a", {href: r.notice_url, text: S.notice_issued + " " + r.notice})]));
    say(S.notice_issued + " " + r.notice);
    // The notice's hazard is now open on the project: fetch the day again to list it.
    loadToday().then(function () {
      var open = today.features.features.filter(function (f) { return f.id === openFeatureId; })[0];
      if (open) renderHazards(open.properties.hazards);
    });
  }

  function renderItems(template) {
    var list = $("m-items");
    list.textContent = "";
    if (!template) return;
    list.dataset.template = template.id;
    template.items.forEach(function (item) {
      var name = "answer-" + item.id;
      var choices = ["pass", "fail", "na"].map(function (value) {
        return el("label", {"class": "choice " + value}, [
          el("input", {type: "radio", name: name, value: value}), el("span", {text: S[value]})]);
      });
      var photos = el("input", {type: "file", accept: "image/*", capture: "environment", multiple: "",
                                "class": "photo", name: "photo-" + item.id});
      var li = el("li", {"class": "item", dataset: {item: item.id, severity: item.severity}}, [
        el("div", {"class": "item-text", text: text(item.text)}),
        el("div", {"class": "muted", text: S.clause + " " + item.clause}),
        el("div", {"class": "choices"}, choices),
        el("label", {"class": "fail-only"}, [el("span", {text: S.photos + " "}), photos]),
        el("input", {type: "text", name: "note-" + item.id, placeholder: S.note, maxlength: "500", "class": "note"}),
      ]);
      li.addEventListener("change", function () {
        var chosen = li.querySelector("input[type=radio]:checked");
        li.dataset.answer = chosen ? chosen.value : "";
      });
      list.appendChild(li);
    });
  }

  // Saving queues the checklist, then each photo of a failed item as its own action (a Blob copy).
  function saveChecklist(event) {
    event.preventDefault();
    var template = templateById(Number($("m-template").value));
    var items = Array.prototype.slice.call($("m-items").querySelectorAll("li.item"));
    var answers = [], photos = [];
    items.forEach(function (li) {
      var chosen = li.querySelector("input[type=radio]:checked");
      if (!chosen) return;
      var item = Number(li.dataset.item);
      answers.push({item: item, answer: chosen.value, note: li.querySelector("input.note").value.trim()});
      if (chosen.value === "fail") {
        Array.prototype.forEach.call(li.querySelector("input.photo").files, function (file) {
          photos.push({item: item, file: file});
        });
      }
    });
    if (!answers.length) { say(S.answer_one, "error"); return; }
    var resultId = uuid();
    var action = {id: resultId, type: "checklist_result", result: resultId, template: template.id,
                  feature: openFeatureId, filled_at: now(), answers: answers,
                  label: text(template.name) + " · " + $("m-feature-name").textContent};
    if (patrol) action.patrol = patrol.id;
    // Read every photo before queueing anything: the checklist and its photos enter the queue together.
    Promise.all(photos.map(function (p) {
      return p.file.arrayBuffer().then(function (bytes) {
        return {id: uuid(), type: "photo", result: resultId, item: p.item, name: p.file.name,
                blob: new Blob([bytes], {type: p.file.type || "image/jpeg"}), label: S.photos + " · " + p.file.name};
      });
    })).then(function (photoActions) {
      return [action].concat(photoActions).reduce(function (chain, a) {
        return chain.then(function () { return queueAdd(a); });
      }, Promise.resolve());
    }).then(function () {
      $("m-checklist").reset();
      renderItems(templateById(Number($("m-template").value)));  // the items of the template the reset chose
      say(S.saved);
      return showQueue();
    }).then(function () { sync(); });
  }

  // -- the patrol: a GPS track from watchPosition, sent in batches of points -----------------------------
  var patrol = null, watchId = null, pending = [], fixes = 0;

  function startPatrol(zoneId, name) {
    if (patrol) return;
    patrol = {key: "patrol:" + USER, id: uuid(), zone: zoneId, zone_name: name, started_at: now()};
    db.put("state", patrol)
      .then(function () {
        return enqueue({id: patrol.id, type: "start_patrol", patrol: patrol.id, zone: zoneId,
                        started_at: patrol.started_at, label: name});
      });
    fixes = 0;
    watch();
    focusZone(zoneId);
    showPatrol();
  }

  function watch() {
    if (!navigator.geolocation) { $("m-patrol-status").textContent = S.no_gps; return; }
    watchId = navigator.geolocation.watchPosition(onPosition, function () {
      $("m-patrol-status").textContent = S.gps_error;
    }, {enableHighAccuracy: true, maximumAge: 0, timeout: 60000});
  }

  function onPosition(position) {
    if (!patrol) return;
    var c = position.coords;
    var point = [Number(c.longitude.toFixed(7)), Number(c.latitude.toFixed(7)),
                 new Date(position.timestamp || Date.now()).toISOString()];
    var last = pending[pending.length - 1];
    if (last && last[0] === point[0] && last[1] === point[1]) return;
    pending.push(point);
    fixes += 1;
    var latlng = [c.latitude, c.longitude];
    if (!trackLine) trackLine = L.polyline([], {color: "#1565c0", weight: 4}).addTo(map);
    trackLine.addLatLng(latlng);
    if (!meMarker) meMarker = L.circleMarker(latlng, {radius: 7, color: "#1565c0", fillOpacity: 1}).addTo(map);
    meMarker.setLatLng(latlng);
    $("m-patrol-status").textContent = S.patrolling + " · " + fixes + " " + S.fixes;
    if (pending.length >= FLUSH_POINTS) flushPoints();
  }

  function flushPoints() {
    if (!patrol || !pending.length) return Promise.resolve();
    var points = pending;
    pending = [];
    return enqueue({id: uuid(), type: "track_points", patrol: patrol.id, points: points, label: S.fixes});
  }

  function finishPatrol() {
    if (!patrol) return;
    var finishing = patrol;
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
    flushPoints().then(function () {
      patrol = null;
      return db.del("state", "patrol:" + USER);
    }).then(function () {
      return enqueue({id: uuid(), type: "finish_patrol", patrol: finishing.id, finished_at: now(),
                      label: finishing.zone_name});
    }).then(function () {
      if (trackLine) { trackLine.remove(); trackLine = null; }
      showPatrol();
      say(S.finished);
    });
  }

  function showPatrol() {
    $("m-patrol").hidden = !patrol;
    body.classList.toggle("patrolling", !!patrol);
    if (patrol) {
      $("m-patrol-zone").textContent = patrol.zone_name;
      $("m-patrol-status").textContent = S.patrolling + " · " + fixes + " " + S.fixes;
    }
  }

  // -- start ----------------------------------------------------------------------------------------------
  function start() {
    showNet();
    window.addEventListener("online", function () { showNet(); sync(); });
    window.addEventListener("offline", showNet);
    // Points not yet flushed are queued when the page is hidden (screen off, app switched).
    document.addEventListener("visibilitychange", function () { if (document.hidden) flushPoints(); });
    $("m-finish").onclick = finishPatrol;
    $("m-close").onclick = function () { $("m-feature").hidden = true; openFeatureId = null; };
    $("m-checklist").addEventListener("submit", saveChecklist);
    $("m-notice").addEventListener("submit", issueNotice);
    setInterval(function () { flushPoints(); sync(); }, 20000);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(URLS.sw, {scope: "/m/"}).catch(function () { /* works online without it */ });
    }
    db.get("state", "patrol:" + USER).then(function (kept) {
      if (kept) { patrol = kept; watch(); }
      return loadToday();
    }).then(function () {
      showQueue();
      showProblems();
      return sync();
    }).then(function () { body.dataset.ready = "1"; });
  }

  start();
})();
