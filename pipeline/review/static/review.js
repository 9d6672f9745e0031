// minutes review: the archivist's verdicts on automatic changes, kept in this browser (localStorage),
// and downloads that `minutes rules` takes. Plain script, no libraries: the report works offline.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var changes = data.changes;
  var storageKey = "minutes-review:" + (data.document.sha256 || data.document.path);
  var verdicts = load();

  function load() {
    var stored = {};
    try {
      stored = JSON.parse(window.localStorage.getItem(storageKey) || "{}");
    } catch (error) {
      stored = {};
    }
    // a verdict counts only for the same change: after a new run the row may say something else
    var kept = {};
    Object.keys(stored).forEach(function (key) {
      var v = stored[key];
      var c = changes[key];
      if (c && v && v.before === c.before && v.after === c.after) kept[key] = v;
    });
    return kept;
  }

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(verdicts));
    } catch (error) {
      document.getElementById("verdict-count").textContent = "cannot store verdicts in this browser: " + error;
    }
  }

  function verdictOf(key) {
    return verdicts[key] ? verdicts[key].verdict : null;
  }

  function show(key) {
    var verdict = verdictOf(key);
    var targets = document.querySelectorAll('[data-key="' + key + '"]');
    Array.prototype.forEach.call(targets, function (element) {
      element.classList.toggle("accepted", verdict === "accept");
      element.classList.toggle("rejected", verdict === "reject");
    });
  }

  function count() {
    var accepted = 0, rejected = 0;
    Object.keys(verdicts).forEach(function (key) {
      if (verdicts[key].verdict === "accept") accepted += 1; else rejected += 1;
    });
    var total = Object.keys(changes).length;
    document.getElementById("verdict-count").textContent =
      accepted + " accepted, " + rejected + " rejected of " + total + " changes and flagged words";
  }

  function decide(key, verdict) {
    if (verdictOf(key) === verdict) {
      delete verdicts[key]; // a second click on the same button takes the verdict back
    } else {
      verdicts[key] = { verdict: verdict, before: changes[key].before, after: changes[key].after };
    }
    save();
    show(key);
    count();
  }

  // What a change stands for in the text: the OCR form, the pipeline's proposal, the reviewed form.
  function proposal(c) { return c.after; }
  function current(key) { var c = changes[key]; return c.applied ? c.after : c.before; }
  function reviewed(key) {
    var verdict = verdictOf(key);
    if (verdict === "accept") return proposal(changes[key]);
    if (verdict === "reject") return changes[key].before;
    return current(key);
  }
  function rebuild(pieces, form) {
    return pieces.map(function (piece, i) { return i % 2 ? form(piece) : piece; }).join("");
  }
  // what `minutes rules` refuses in a replacement (corrections/README.md): more than one word,
  // punctuation at either end, the same word on both sides
  var EDGE = ".,;:!?()[]{}\"'\u201d\u201c\u00ab\u00bb";
  function isRule(wrong, right) {
    return /^\S+$/.test(wrong) && /^\S+( \S+)*$/.test(right) && wrong !== right &&
      EDGE.indexOf(wrong[0]) < 0 && EDGE.indexOf(wrong[wrong.length - 1]) < 0;
  }
  // an example line holds one line of text: a line break is written \n, a form feed dropped
  function exampleText(text) { return text.replace(/\f/g, "").trim().replace(/\r?\n/g, "\\n"); }

  function decided(verdict) {
    return Object.keys(verdicts).filter(function (key) { return verdicts[key].verdict === verdict; }).sort();
  }

  function replacementsFile() {
    var seen = {};
    var lines = [
      "# Replacements accepted in minutes review of " + data.document.path + " (sha256 " + data.document.sha256 + ")",
      "# downloaded " + new Date().toISOString() + "; append the rules below to corrections/replacements.tsv",
      "",
    ];
    decided("accept").forEach(function (key) {
      var c = changes[key];
      if (!isRule(c.before, c.after) || seen[c.before]) return;
      seen[c.before] = true;
      var before = exampleText(rebuild(c.window, function (k) { return changes[k].before; }));
      var after = exampleText(rebuild(c.window, reviewed));
      if (before && after && before !== after) lines.push("# example: " + before + " \u2192 " + after);
      lines.push(c.before + "\t" + c.after);
    });
    return lines.join("\n") + "\n";
  }

  // the regression pair of corrections/tests/: the whole document, pages separated by form feeds
  // (running headers are found across pages), as OCR read it and as the archivist wants it cleaned
  function ocrFile() {
    return data.pages.map(function (p) { return p.raw; }).join("\f") + "\n";
  }
  function expectedFile() {
    return data.pages.map(function (p) { return rebuild(p.pieces, reviewed); }).join("\f") + "\n";
  }

  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  var stem = data.document.name.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_");
  document.getElementById("download-replacements").addEventListener("click", function () {
    download("replacements-" + stem + ".tsv", replacementsFile());
  });
  document.getElementById("download-ocr").addEventListener("click", function () {
    download(stem + ".ocr.txt", ocrFile());
  });
  document.getElementById("download-expected").addEventListener("click", function () {
    download(stem + ".expected.txt", expectedFile());
  });
  document.getElementById("clear-verdicts").addEventListener("click", function () {
    var keys = Object.keys(verdicts);
    verdicts = {};
    save();
    keys.forEach(show);
    count();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-verdict]");
    if (!button) return;
    var row = button.closest("[data-key]");
    if (row && changes[row.dataset.key]) decide(row.dataset.key, button.dataset.verdict);
  });
  // a click on a mark in the text shows its row, whose buttons give the verdict
  document.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-key]");
    if (!mark) return;
    var row = document.querySelector('tr[data-key="' + mark.dataset.key + '"]');
    if (!row) return;
    Array.prototype.forEach.call(document.querySelectorAll("tr.focus"), function (r) { r.classList.remove("focus"); });
    row.classList.add("focus");
    row.scrollIntoView({ block: "nearest" });
  });
  Object.keys(verdicts).forEach(show);
  count();
})();
