/* planner audit site: filters, sorting and grouping for the server-rendered tables, the
   full-text document search, copy buttons. Every page reads fine without this file. */
(function () {
  "use strict";

  var LABELS = { stage: "Stage", phase: "Phase", owner: "Owner", rule: "Rule", severity: "Severity",
                 status: "Status", kind: "Kind" };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* ---------------------------------------------------------------- rows of a list */

  function rowsOf(list) {  // data rows of a table (every tbody) or items of a list
    if (list.tagName === "TABLE") {
      return Array.prototype.slice.call(list.querySelectorAll("tbody tr")).filter(function (r) {
        return !r.classList.contains("pl-group__head");
      });
    }
    return Array.prototype.slice.call(list.children);
  }

  function sortKey(cell) {
    var v = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    var n = Number(v);
    return v !== "" && !isNaN(n) ? n : v.toLowerCase();
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }

  /* ---------------------------------------------------------------- sorting */

  function makeSortable(table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = el("button", { type: "button", "class": "pl-sort" }, th.textContent);
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", dir);
        sortBy(table, col, dir === "ascending" ? 1 : -1);
      });
    });
  }

  function sortBy(table, col, sign) {
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var rows = rowsOf(table).filter(function (r) { return r.parentNode === body; });
      rows.sort(function (a, b) { return sign * compare(sortKey(a.cells[col]), sortKey(b.cells[col])); });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  }

  /* ---------------------------------------------------------------- grouping */

  function makeGroupable(table, bar) {
    var groups = Array.prototype.slice.call(table.tBodies);
    var flat = el("tbody", { "class": "pl-flat", hidden: "" });
    table.appendChild(flat);
    var box = el("input", { type: "checkbox", id: table.id + "-group", checked: "" });
    var label = el("label", { "for": box.id, "class": "pl-filters__group" });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Group by document"));
    bar.appendChild(label);
    var all = rowsOf(table);
    var home = all.map(function (r) { return r.parentNode; });  // each row's group, remembered once
    box.addEventListener("change", function () {
      all.forEach(function (r, i) { (box.checked ? home[i] : flat).appendChild(r); });
      groups.forEach(function (g) { g.hidden = !box.checked; });
      flat.hidden = box.checked;
      table.dispatchEvent(new Event("pl-filter"));
    });
  }

  /* ---------------------------------------------------------------- filters */

  function makeFilters(list) {
    var keys = list.getAttribute("data-filters").split(/\s+/).filter(Boolean);
    var rows = rowsOf(list);
    var bar = el("div", { "class": "pl-filters", role: "group", "aria-label": "Filters" });
    var status = el("p", { "class": "pl-filters__status", "aria-live": "polite" });
    var params = new URLSearchParams(window.location.search);
    var selects = {};
    var uid = list.id || ("pl-list-" + Math.random().toString(36).slice(2, 8));
    keys.forEach(function (key) {
      var values = {};
      rows.forEach(function (r) { var v = r.getAttribute("data-" + key); if (v) values[v] = (values[v] || 0) + 1; });
      var names = Object.keys(values).sort();
      if (names.length < 2 && !params.get(key)) return;  // nothing to choose between
      var id = uid + "-" + key;
      var label = el("label", { "for": id }, LABELS[key] || key);
      var select = el("select", { id: id, "data-key": key });
      select.appendChild(el("option", { value: "" }, "all"));
      names.forEach(function (v) { select.appendChild(el("option", { value: v }, v + " (" + values[v] + ")")); });
      if (params.get(key) && values[params.get(key)]) select.value = params.get(key);
      selects[key] = select;
      var wrap = el("span", { "class": "pl-filters__field" });
      wrap.appendChild(label);
      wrap.appendChild(select);
      bar.appendChild(wrap);
    });
    var textId = uid + "-text";
    var text = el("input", { type: "search", id: textId, placeholder: "words in the row" });
    text.value = params.get("q") || "";
    var textWrap = el("span", { "class": "pl-filters__field" });
    textWrap.appendChild(el("label", { "for": textId }, "Text"));
    textWrap.appendChild(text);
    bar.appendChild(textWrap);
    var host = list.closest(".pl-scroll") || list;
    host.parentNode.insertBefore(bar, host);
    host.parentNode.insertBefore(status, host);
    if (list.hasAttribute("data-grouped")) makeGroupable(list, bar);

    // each row's group (its tbody when grouped) and searchable text, worked out once
    var homes = rows.map(function (r) { return r.parentNode.classList.contains("pl-group") ? r.parentNode : null; });
    var texts = null;

    function apply() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, live = new Map();
      if (words.length && !texts) {
        texts = rows.map(function (r, i) { return (r.textContent + " " + (homes[i] ? homes[i].getAttribute("data-group") : "")).toLowerCase(); });
      }
      var query = new URLSearchParams(window.location.search);
      Object.keys(selects).forEach(function (k) {
        if (selects[k].value) query.set(k, selects[k].value); else query.delete(k);
      });
      if (text.value) query.set("q", text.value); else query.delete("q");
      var keys = Object.keys(selects).filter(function (k) { return selects[k].value; });
      rows.forEach(function (r, i) {
        var ok = keys.every(function (k) { return r.getAttribute("data-" + k) === selects[k].value; });
        if (ok && words.length) ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        if (r.hidden === ok) r.hidden = !ok;  // touch the DOM only on a change
        if (ok) { shown += 1; if (homes[i]) live.set(homes[i], true); }
      });
      Array.prototype.forEach.call(list.querySelectorAll("tbody.pl-group > .pl-group__head"), function (head) {
        head.hidden = !live.has(head.parentNode);
      });
      status.textContent = "Showing " + shown + " of " + rows.length + ".";
      var qs = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
    }
    Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", apply); });
    text.addEventListener("input", apply);
    list.addEventListener("pl-filter", apply);
    apply();
  }

  /* ---------------------------------------------------------------- full-text search */

  function setupSearch(form) {
    var input = form.querySelector("input");
    var status = document.querySelector(".pl-search__status");
    var results = document.querySelector(".pl-results");
    var root = form.getAttribute("data-root") || "./";
    var index = null, lower = null, loading = null;

    function load() {
      if (!loading) {
        status.textContent = "Loading the index…";
        loading = fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
          index = data.documents;
          lower = index.map(function (d) { return d[5].toLowerCase(); });
          return index;
        });
      }
      return loading;
    }

    function terms(q) {  // "quoted phrases" and single words, lower-case
      var out = [], m, re = /"([^"]+)"|(\S+)/g;
      while ((m = re.exec(q.toLowerCase()))) out.push((m[1] || m[2]).trim());
      return out.filter(function (t) { return t.length > 1; });
    }

    function snippet(text, at, len) {
      var start = Math.max(0, at - 80), end = Math.min(text.length, at + len + 120);
      var p = el("p", { "class": "pl-results__snippet" });
      p.appendChild(document.createTextNode((start ? "…" : "") + text.slice(start, at)));
      p.appendChild(el("mark", {}, text.slice(at, at + len)));
      p.appendChild(document.createTextNode(text.slice(at + len, end) + (end < text.length ? "…" : "")));
      return p;
    }

    function run() {
      var q = input.value.trim();
      var params = new URLSearchParams(window.location.search);
      if (q) params.set("q", q); else params.delete("q");
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + params.toString() : ""));
      results.textContent = "";
      var ts = terms(q);
      if (!ts.length) { status.textContent = q ? "Type at least two letters." : ""; return; }
      load().then(function () {
        var t0 = performance.now(), hits = [];
        for (var i = 0; i < index.length; i++) {
          var hay = lower[i], title = index[i][1].toLowerCase(), score = 0, first = -1, ok = true;
          for (var j = 0; j < ts.length && ok; j++) {
            var at = hay.indexOf(ts[j]);
            var inTitle = title.indexOf(ts[j]) !== -1;
            ok = at !== -1 || inTitle;
            score += inTitle ? 10 : 0;
            if (at !== -1) { score += 1; if (first === -1) first = at; }
          }
          if (ok) hits.push([score, i, first]);
        }
        hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
        var ms = Math.round(performance.now() - t0);
        status.textContent = hits.length + " document" + (hits.length === 1 ? "" : "s") + " match " +
          JSON.stringify(q) + (hits.length > 100 ? "; the first 100 are shown" : "") + " (" + ms + " ms).";
        hits.slice(0, 100).forEach(function (h) {
          var d = index[h[1]], li = el("li"), head = el("p", { "class": "pl-results__title" });
          var a = el("a", { href: root + d[0] }, d[1]);
          head.appendChild(a);
          head.appendChild(el("span", { "class": "pl-group__path" }, d[2] + (d[3] ? " · " + d[3] : "") + (d[4] ? " · " + d[4] : "")));
          li.appendChild(head);
          if (h[2] !== -1) li.appendChild(snippet(d[5], h[2], ts[0].length));
          results.appendChild(li);
        });
      }).catch(function () { status.textContent = "The search index could not be loaded."; });
    }

    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  /* ---------------------------------------------------------------- copy buttons */

  function addCopy(pre) {
    if (!navigator.clipboard) return;
    var button = el("button", { type: "button", "class": "pl-copy" }, "Copy");
    button.setAttribute("aria-label", "Copy the command");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
    pre.appendChild(button);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".planner .pl-nojs"), function (e) { e.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll(".planner table[data-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll(".planner [data-filters]"), makeFilters);
    Array.prototype.forEach.call(document.querySelectorAll(".planner pre.pl-cmd"), addCopy);
    Array.prototype.forEach.call(document.querySelectorAll(".planner form.pl-search"), setupSearch);
  }

  // Material's instant navigation swaps pages without a load event: its document$ tells us
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
