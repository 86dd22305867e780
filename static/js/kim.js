// KIM wizard: progressive enhancement only (every page works without this file).
// "Tampilkan lebih banyak baris" adds one empty member row in place instead of reloading.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("[data-tambah-baris]");
    if (!link) return;
    var prefix = link.getAttribute("data-tambah-baris");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var templat = document.getElementById("templat-" + prefix);
    var wadah = document.getElementById("baris-" + prefix);
    if (!total || !templat || !wadah) return;
    var n = parseInt(total.value, 10);
    if (max && n >= parseInt(max.value, 10)) return;
    ev.preventDefault();
    var html = templat.innerHTML.replace(/__prefix__/g, String(n));
    wadah.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var baru = wadah.lastElementChild && wadah.lastElementChild.querySelector("input");
    if (baru) baru.focus();
  });
})();
