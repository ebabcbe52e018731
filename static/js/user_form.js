// 用户管理 form: show the fields of the chosen user kind only, the initial-password box only when
// that mode is chosen, and the experts' specialties as a searchable multiple choice (Tom Select).
// Hidden fields are still submitted; the server ignores those of another kind.
(function () {
  "use strict";

  function init() {
    const form = document.querySelector("form[data-kind-form]");
    if (!form) return;
    const kindRadios = form.querySelectorAll('input[name="kind"]');
    function showKind() {
      const checked = form.querySelector('input[name="kind"]:checked');
      const kind = checked ? checked.value : "";
      form.querySelectorAll(".kind-only").forEach((el) => {
        el.hidden = el.dataset.kind !== kind;
      });
    }
    kindRadios.forEach((r) => r.addEventListener("change", showKind));
    showKind();

    const modes = form.querySelectorAll('input[name="password_mode"]');
    const box = document.getElementById("initial-password");
    function showPassword() {
      const checked = form.querySelector('input[name="password_mode"]:checked');
      if (box) box.hidden = !checked || checked.value !== "initial";
    }
    modes.forEach((r) => r.addEventListener("change", showPassword));
    showPassword();

    if (typeof TomSelect !== "undefined") {
      form.querySelectorAll("select[data-multi]").forEach((el) => {
        if (!el.tomselect) new TomSelect(el, { plugins: ["remove_button"], maxOptions: 200 });
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
