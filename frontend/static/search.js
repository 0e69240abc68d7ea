// The search page without reloads: the form and its links fetch the server-rendered page and swap
// the facets and results in, and every search gets its own history entry. Without this script the
// same form and links work as plain GET requests.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("search-form");
  var RANGES = ["investment_min", "investment_max", "payback_min", "payback_max", "savings_min"];
  var cache = new Map();
  var controller = null;
  var timer = null;
  var typing = false;

  if (!form || !window.fetch || !window.history.pushState) return;

  var filters = document.getElementById("filters");
  // On a phone the results come first; the filters stay one tap away.
  if (filters && window.matchMedia("(max-width: 760px)").matches) filters.open = false;
  history.replaceState({ url: here() }, "", here());

  function here() { return location.pathname + location.search; }

  // The canonical URL of the form's state: empty fields and the default sort left out, page back to 1.
  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      value = String(value).trim();
      if (!value || (key === "sort" && value === "relevance")) return;
      params.append(key, value);
    });
    var text = params.toString();
    return "/search" + (text ? "?" + text : "");
  }

  function go(url, mode) {
    if (mode !== "none" && url === here()) return;
    if (mode === "push") history.pushState({ url: url }, "", url);
    if (mode === "replace") history.replaceState({ url: url }, "", url);
    if (controller) controller.abort();
    controller = new AbortController();
    form.setAttribute("aria-busy", "true");
    var cached = cache.get(url);
    var request = cached ? Promise.resolve(cached) : fetch(url, {
      headers: { Accept: "text/html" }, signal: controller.signal, credentials: "same-origin"
    }).then(function (response) {
      return response.text().then(function (html) {
        var entry = { ok: response.ok, html: html };
        if (response.ok) {
          if (cache.size > 50) cache.delete(cache.keys().next().value);
          cache.set(url, entry);
        }
        return entry;
      });
    });
    request.then(function (entry) {
      if (!entry.ok) { location.replace(url); return; }  // let the server's error page explain
      if (url === here()) render(entry.html, mode === "none");
    }).catch(function (error) {
      if (error.name !== "AbortError") location.replace(url);
    }).then(function () {
      if (url === here()) form.removeAttribute("aria-busy");
    });
  }

  // fromHistory: back/forward restore every field, even the one being typed in.
  function render(html, fromHistory) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var active = document.activeElement;
    var activeId = active && active.id;
    ["facets", "results"].forEach(function (id) {
      var fresh = doc.getElementById(id);
      var old = document.getElementById(id);
      if (fresh && old) old.replaceWith(document.importNode(fresh, true));
    });
    ["summary", "filter-count"].forEach(function (id) {
      var fresh = doc.getElementById(id);
      if (fresh) document.getElementById(id).innerHTML = fresh.innerHTML;
    });
    ["q", "sort"].concat(RANGES).forEach(function (id) {
      var mine = document.getElementById(id);
      var fresh = doc.getElementById(id);
      if (mine && fresh && (fromHistory || mine !== document.activeElement)) mine.value = fresh.value;
    });
    document.title = doc.title;
    ["link[rel=canonical]", "link[rel=alternate]"].forEach(function (selector) {
      var fresh = doc.querySelector(selector);
      var mine = document.querySelector(selector);
      if (fresh && mine) mine.setAttribute("href", fresh.getAttribute("href"));
    });
    if (activeId && !document.body.contains(active)) {
      var again = document.getElementById(activeId);
      if (again) again.focus();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    typing = false;
    go(formUrl(), "push");
  });

  form.addEventListener("input", function (event) {
    if (event.target.id !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      // One history entry per burst of typing, not one per letter.
      go(formUrl(), typing ? "replace" : "push");
      typing = true;
    }, 250);
  });

  form.addEventListener("change", function (event) {
    if (event.target.id === "q") return;  // typing is handled above
    if (RANGES.indexOf(event.target.id) >= 0 && !event.target.checkValidity()) return;
    typing = false;
    go(formUrl(), "push");
  });

  form.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = new URL(link.href, location.href);
    if (target.origin !== location.origin || target.pathname !== "/search") return;
    event.preventDefault();
    typing = false;
    var paging = link.closest(".pagination");
    go(target.pathname + target.search, "push");
    if (paging) {
      var heading = document.getElementById("summary");
      heading.scrollIntoView({ block: "start" });
      var results = document.getElementById("results-heading");
      if (results) results.focus({ preventScroll: true });
    }
  });

  window.addEventListener("popstate", function () {
    typing = false;
    go(here(), "none");
  });
})();
