// Simpul: interactive coverage map. Progressive enhancement only: the page shows a server-side
// SVG map without this file. Leaflet (vendored, ~45 KB compressed) is fetched only when the user
// presses "Peta interaktif"; settings come from data- attributes (no inline script, strict CSP).
(function () {
  "use strict";
  var tombol = document.getElementById("tombol-peta");
  var wadah = document.getElementById("peta-interaktif");
  if (!tombol || !wadah || !window.fetch || !window.Promise) return;
  var d = wadah.dataset;
  var nonce = (document.currentScript && document.currentScript.nonce) || "";
  tombol.hidden = false;

  function muatCss(href) {
    return new Promise(function (selesai, gagal) {
      if (document.querySelector('link[href="' + href + '"]')) return selesai();
      var l = document.createElement("link");
      l.rel = "stylesheet";
      l.href = href;
      l.onload = selesai;
      l.onerror = gagal;
      document.head.appendChild(l);
    });
  }

  function muatJs(src) {
    return new Promise(function (selesai, gagal) {
      if (window.L) return selesai();
      var s = document.createElement("script");
      s.src = src;
      if (nonce) s.nonce = nonce;
      s.onload = selesai;
      s.onerror = gagal;
      document.head.appendChild(s);
    });
  }

  function isiPopup(t, perDesa) {
    var el = document.createElement("div");
    var judul = document.createElement(t.url ? "a" : "strong");
    if (t.url) judul.href = t.url;
    judul.textContent = t.nama;
    el.appendChild(judul);
    var p = document.createElement("div");
    if (perDesa) {
      p.textContent = d.teksKim + ": " + t.kim_aktif;
    } else {
      p.textContent = t.desa_tercakup + "/" + t.desa + " " + d.teksDesa +
        (t.persen === null ? "" : " (" + String(t.persen).replace(".", ",") + "%)");
    }
    el.appendChild(p);
    return el;
  }

  function gambar(data) {
    wadah.hidden = false;
    var L = window.L;
    var peta = L.map(wadah, { preferCanvas: true });
    if (d.tileUrl) {
      L.tileLayer(d.tileUrl, { attribution: d.tileAttribution || "", maxZoom: 18 }).addTo(peta);
    }
    var batas = [];
    var sorot = new URLSearchParams(window.location.search).get("desa");
    var ditandai = null;
    data.titik.forEach(function (t) {
      batas.push([t.lat, t.lng]);
      var m = L.circleMarker([t.lat, t.lng], {
        radius: data.tingkat === 4 ? 5 : 7, color: t.warna, fillColor: t.warna, fillOpacity: 0.85, weight: 1
      }).bindPopup(isiPopup(t, data.tingkat === 4)).addTo(peta);
      if (t.kode === sorot) ditandai = m;
    });
    if (batas.length) {
      peta.fitBounds(batas, { padding: [20, 20], maxZoom: 13 });
    } else {
      peta.setView([-2.5, 118], 4);
    }
    if (ditandai) ditandai.openPopup();
    tombol.hidden = true;
  }

  tombol.addEventListener("click", function () {
    tombol.disabled = true;
    tombol.setAttribute("aria-busy", "true");
    Promise.all([
      muatCss(d.leafletCss),
      muatJs(d.leafletJs),
      fetch(d.titik, { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
    ]).then(function (hasil) {
      gambar(hasil[2]);
    }).catch(function () {
      tombol.disabled = false;
      tombol.removeAttribute("aria-busy");
      tombol.textContent = d.teksGagal;
    });
  });
})();
