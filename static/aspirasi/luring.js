/* Offline outbox for the aspiration forms (form[data-luring]). Without JavaScript the forms
   post normally. With it: the service worker caches the pages; a form submitted with no signal
   is kept in IndexedDB (files included) and sent when the signal returns. Each form carries an
   idempotency key (field "kunci"), so a send repeated after a lost answer never makes a
   duplicate: the server answers with the first one. */
(function () {
  "use strict";
  if (!("indexedDB" in window)) return;
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/aspirasi/sw.js", { scope: "/aspirasi/" }).catch(function () {});
  var form = document.querySelector("form[data-luring]");
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function db() {
    return new Promise(function (ok, gagal) {
      var r = indexedDB.open("simpul-aspirasi", 1);
      r.onupgradeneeded = function () { r.result.createObjectStore("keluar", { keyPath: "kunci" }); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { gagal(r.error); };
    });
  }
  function toko(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, gagal) {
        var tx = d.transaction("keluar", mode), s = tx.objectStore("keluar"), hasil = fn(s);
        tx.oncomplete = function () { ok(hasil && hasil.result); };
        tx.onerror = function () { gagal(tx.error); };
      });
    });
  }
  var kotak = document.querySelector("[data-kotak-keluar]"), daftar = document.querySelector("[data-daftar-keluar]");
  var info = document.querySelector("[data-luring-info]");
  function tampil() {
    if (info) info.hidden = navigator.onLine;
    if (!daftar) return;
    toko("readonly", function (s) { return s.getAll(); }).then(function (items) {
      daftar.textContent = "";
      (items || []).forEach(function (it) {
        var li = document.createElement("li");
        li.textContent = it.judul + " — " + (it.pesan || new Date(it.waktu).toLocaleString());
        li.dataset.kunci = it.kunci;
        daftar.appendChild(li);
      });
      kotak.hidden = !(items && items.length);
    });
  }
  function kirimSatu(it) {
    var fd = new FormData();
    it.isian.forEach(function (p) { fd.append(p[0], p[1]); });
    return fetch(it.url, { method: "POST", body: fd, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (resp) {
        if (resp.ok) {
          var ct = resp.headers.get("Content-Type") || "";
          return (ct.indexOf("json") >= 0 ? resp.json() : Promise.resolve({})).then(function (j) {
            return toko("readwrite", function (s) { s.delete(it.kunci); }).then(function () {
              var p = document.createElement("p");
              p.className = "pesan success"; p.setAttribute("role", "status");
              p.textContent = (j.kode ? "Terkirim. Kode lacak: " + j.kode : "Terkirim: " + it.judul);
              if (j.url) { var a = document.createElement("a"); a.href = j.url; a.textContent = " " + j.kode; a.dataset.kode = j.kode; p.appendChild(a); }
              (kotak || document.body).insertAdjacentElement("beforebegin", p);
            });
          });
        }
        if (resp.status >= 400 && resp.status < 500 && resp.status !== 429) {
          it.pesan = "Perlu diperbaiki (" + resp.status + "): buka formulir dan kirim lagi.";
          return toko("readwrite", function (s) { s.put(it); });
        }
      });
  }
  var sedang = false;
  function kirimSemua() {
    if (sedang || !navigator.onLine) return;
    sedang = true;
    toko("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).filter(function (it) { return !it.pesan; }).reduce(function (p, it) {
        return p.then(function () { return kirimSatu(it).catch(function () {}); });
      }, Promise.resolve());
    }).then(function () { sedang = false; tampil(); }, function () { sedang = false; });
  }
  window.addEventListener("online", kirimSemua);
  window.addEventListener("offline", tampil);
  if (form) {
    var kunci = form.querySelector("[name=kunci]");
    if (kunci && !kunci.value) kunci.value = uuid();
    var lok = form.querySelector("[data-ambil-lokasi]");
    if (lok && navigator.geolocation) {
      lok.hidden = false;
      lok.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
          form.querySelector("[name=lng]").value = pos.coords.longitude.toFixed(6);
        });
      });
    }
    form.addEventListener("submit", function (ev) {
      if (navigator.onLine) return; // with a signal the form posts as usual
      ev.preventDefault();
      var isian = [];
      new FormData(form).forEach(function (v, k) { if (!(v instanceof File) || v.size) isian.push([k, v]); });
      var judulEl = form.querySelector("[name=judul], [name=baris-0-judul], [name=isi], [name=baris-0-isi]");
      var it = { kunci: kunci ? kunci.value : uuid(), url: form.action || location.pathname, isian: isian,
                 judul: (judulEl && judulEl.value || "Aspirasi").slice(0, 60), waktu: Date.now() };
      toko("readwrite", function (s) { s.put(it); }).then(function () {
        form.reset();
        if (kunci) kunci.value = uuid();
        tampil();
      });
    });
  }
  tampil();
  kirimSemua();
})();
