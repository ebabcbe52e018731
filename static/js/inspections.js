// Inspection fill page: show the chosen photo's name, mark answered items, scroll to the first missing one.
(function () {
  "use strict";
  var form = document.getElementById("fill-form");
  if (!form) return;
  form.querySelectorAll("input[type=file][data-photo-for]").forEach(function (input) {
    input.addEventListener("change", function () {
      var label = form.querySelector('[data-photo-name="' + input.dataset.photoFor + '"]');
      if (label) label.textContent = input.files.length ? input.files[0].name + "（保存后上传）" : "";
    });
  });
  form.querySelectorAll(".insp-item input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var card = radio.closest(".insp-item");
      card.classList.add("answered");
      card.classList.remove("missing");
    });
  });
  var firstMissing = document.querySelector(".insp-item.missing");
  if (firstMissing) firstMissing.scrollIntoView({ block: "center" });
})();
