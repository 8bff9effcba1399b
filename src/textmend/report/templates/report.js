// textmend report: sort the chart's table and filter the examples.
// Everything is already in the page; this only reorders and hides. It reads
// text with textContent and never writes HTML.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // -- sorting ---------------------------------------------------------------
  var table = document.getElementById("chart");
  if (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var how = th.getAttribute("data-sort");
      if (!how) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") !== "descending";
        if (how === "text" && !th.hasAttribute("aria-sort")) descending = false;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-value");
          var y = b.cells[col].getAttribute("data-value");
          var c = how === "num" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          if (c === 0) c = a.getAttribute("data-rule").localeCompare(b.getAttribute("data-rule"));
          return descending ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  // -- filtering -------------------------------------------------------------
  var box = document.getElementById("filter");
  if (!box) return;
  box.hidden = false;
  var text = document.getElementById("filter-text");
  var pick = document.getElementById("filter-rule");
  var count = document.getElementById("filter-count");
  var none = document.getElementById("filter-none");
  var sections = document.querySelectorAll("section.rule");
  var total = document.querySelectorAll("article.ex").length;

  function apply() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rule = pick.value;
    var shown = 0;
    Array.prototype.forEach.call(sections, function (section) {
      var inRule = !rule || section.getAttribute("data-rule") === rule;
      var visible = 0;
      Array.prototype.forEach.call(section.querySelectorAll("article.ex"), function (ex) {
        var hay = (ex.getAttribute("data-rule") + " " + ex.textContent).toLowerCase();
        var ok = inRule && words.every(function (w) { return hay.indexOf(w) !== -1; });
        ex.hidden = !ok;
        if (ok) visible += 1;
      });
      var empty = section.querySelectorAll("article.ex").length === 0;
      section.hidden = !(visible > 0 || (empty && inRule && words.length === 0));
      shown += visible;
    });
    count.textContent = (words.length || rule) ? shown + " of " + total + " examples" : total + " examples";
    none.hidden = shown > 0 || total === 0;
  }
  text.addEventListener("input", apply);
  pick.addEventListener("change", apply);
  apply();
})();
