// Campaign form: add a phase row to the inline formset (Django's __prefix__ empty form).
(function () {
  const button = document.getElementById("add-phase");
  const template = document.getElementById("phase-template");
  if (!button || !template) return;
  const total = document.getElementById("id_phases-TOTAL_FORMS");
  button.addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const tbody = button.previousElementSibling.querySelector("tbody");
    tbody.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
})();
