/* Behaviours declared in the markup, so that pages need no inline script or on* handler
   (the Content-Security-Policy allows scripts from this site only):
   - <select data-autosubmit> submits its form when changed (the language switch);
   - <button data-history-back> goes back one page (error pages);
   - <form data-confirm="question"> asks before submitting. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target.closest("[data-autosubmit]");
    if (el && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-history-back]")) { event.preventDefault(); history.back(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
})();
