// "Copy" buttons: <button class="copy" data-copy="ID"> copies the value of the field with that id, and
// says so in the page's .copy-status live region. Without JavaScript the buttons stay hidden and the
// field's text can be selected by hand.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function setUpCopyButtons() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button.copy");
      if (!button) return;
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.querySelector(".copy-status");
      var done = function () {
        var label = button.getAttribute("data-label") || button.textContent;
        button.setAttribute("data-label", label);
        // The words come from the page, in its language.
        button.textContent = button.getAttribute("data-copied") || "Copied";
        if (status) status.textContent = status.getAttribute("data-message") || "Copied to the clipboard.";
        setTimeout(function () { button.textContent = label; }, 1500);
      };
      var fallback = function () {
        source.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected to copy by hand */ }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  }
  setUpCopyButtons();
})();
