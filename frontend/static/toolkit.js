/* Toolkit checklist: ticks kept in this browser (localStorage, no account), exportable as CSV or JSON.
   The page works without this script: the checklist is a plain list and can be printed. */
(function () {
  "use strict";
  var KEY = "gts-toolkit-checklist-v1";

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) {
      /* storage full or disabled: ticks simply do not persist */
    }
  }

  var dataNode = document.getElementById("tk-checklist-items");
  var items = [];
  try {
    items = dataNode ? JSON.parse(dataNode.textContent) : [];
  } catch (e) {
    items = [];
  }
  var state = load();
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-check-id]"));

  function showProgress() {
    Array.prototype.forEach.call(document.querySelectorAll(".tk-progress[data-step]"), function (el) {
      var step = el.getAttribute("data-step");
      var total = Number(el.getAttribute("data-total"));
      var done = items.filter(function (it) { return it.step === step && state[it.id]; }).length;
      el.textContent = "Checklist: " + done + " of " + total + " done";
    });
  }

  function showTicks() {
    boxes.forEach(function (box) { box.checked = Boolean(state[box.getAttribute("data-check-id")]); });
    showProgress();
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var id = box.getAttribute("data-check-id");
      state = load();
      if (box.checked) {
        state[id] = new Date().toISOString();
      } else {
        delete state[id];
      }
      save(state);
      showProgress();
    });
  });

  // Another tab ticked something: show it here too.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      state = load();
      showTicks();
    }
  });

  function rows() {
    return items.map(function (it) {
      return { step: it.step, id: it.id, item: it.text, done: Boolean(state[it.id]), ticked_at: state[it.id] || "" };
    });
  }

  function csvCell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function exportAs(format, scope) {
    var name = "symbiosis-checklist-" + scope;
    if (format === "json") {
      var doc = { exported_at: new Date().toISOString(), items: rows() };
      download(name + ".json", "application/json", JSON.stringify(doc, null, 2));
      return;
    }
    var lines = [["step", "id", "item", "done", "ticked_at"].join(",")];
    rows().forEach(function (r) {
      lines.push([r.step, r.id, r.item, r.done ? "yes" : "no", r.ticked_at].map(csvCell).join(","));
    });
    download(name + ".csv", "text/csv;charset=utf-8", lines.join("\r\n") + "\r\n");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".tk-export"), function (panel) {
    var scope = panel.getAttribute("data-export-scope") === "all" ? "all" : (items[0] && items[0].step) || "step";
    panel.hidden = false;
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-export")) {
        exportAs(button.getAttribute("data-export"), scope);
      } else if (button.hasAttribute("data-print")) {
        window.print();
      } else if (button.hasAttribute("data-clear") && window.confirm("Remove all ticks from this browser?")) {
        state = {};
        save(state);
        showTicks();
      }
    });
  });

  showTicks();
})();
