// Region picker type-ahead (WilayahField in simpul/wilayah/forms.py). Progressive enhancement:
// htmx fetches the options while the user types; this file fills the code in when one is chosen
// and adds keyboard navigation. Without it the field still accepts a code or a name.
(function () {
  "use strict";
  if (window.simpulWilayah) { return; }
  window.simpulWilayah = true;

  function wadah(el) { return el && el.closest ? el.closest("[data-wilayah-pilih]") : null; }
  function opsi(w) { return w.querySelector(".wilayah-opsi"); }
  function masukan(w) { return w.querySelector("input"); }

  document.addEventListener("click", function (e) {
    var tombol = e.target.closest ? e.target.closest("[data-wilayah-kode]") : null;
    var w = wadah(tombol);
    if (!w) { return; }
    var input = masukan(w);
    input.value = tombol.getAttribute("data-wilayah-kode");
    var label = w.querySelector(".wilayah-terpilih");
    if (label) { label.textContent = tombol.getAttribute("data-wilayah-label"); }
    opsi(w).innerHTML = "";
    input.focus();
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.addEventListener("keydown", function (e) {
    var w = wadah(e.target);
    if (!w) { return; }
    if (e.key === "Escape") { opsi(w).innerHTML = ""; masukan(w).focus(); return; }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var tombol = Array.prototype.slice.call(opsi(w).querySelectorAll("button"));
    if (!tombol.length) { return; }
    e.preventDefault();
    var i = tombol.indexOf(document.activeElement);
    i = e.key === "ArrowDown" ? Math.min(i + 1, tombol.length - 1) : i - 1;
    if (i < 0) { masukan(w).focus(); } else { tombol[i].focus(); }
  });

  document.addEventListener("input", function (e) {
    var w = wadah(e.target);
    if (!w || e.target.tagName !== "INPUT") { return; }
    var label = w.querySelector(".wilayah-terpilih");
    if (label) { label.textContent = ""; }
  });
})();
