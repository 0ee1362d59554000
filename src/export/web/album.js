// Recap web album. A classic script (no modules, no fetch): the album must
// open from file://. Its data is window.RECAP_ALBUM, written inline by
// index.html. User strings only ever reach the page through textContent.
(function () {
  "use strict";
  var album = window.RECAP_ALBUM;
  var UI = {
    fr: { everyone: "Tout le monde", who: "Photographe", other: "English", close: "Fermer",
      prev: "Précédente", next: "Suivante", photos: function (n) { return n + (n > 1 ? " photos" : " photo"); } },
    en: { everyone: "Everyone", who: "Photographer", other: "Français", close: "Close",
      prev: "Previous", next: "Next", photos: function (n) { return n + (n > 1 ? " photos" : " photo"); } }
  };
  var lang = album.lang === "en" ? "en" : "fr";
  var who = "";
  var figures = [];   // every photo's <figure>, in album order
  var current = -1;   // index in figures of the photo in the lightbox

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function build() {
    var main = document.getElementById("album");
    album.chapters.forEach(function (c) {
      var sec = el("section", "chapter");
      sec.appendChild(el("h2", null, c.title));
      var intro = el("p", "intro");
      intro._both = c.intro;
      sec.appendChild(intro);
      c.days.forEach(function (d) {
        var day = el("section", "day");
        day.setAttribute("data-date", d.date);
        var h = el("h3");
        h._both = d.heading;
        day.appendChild(h);
        var grid = el("div", "grid");
        d.photos.forEach(function (p) {
          var fig = el("figure", "photo");
          fig.setAttribute("data-who", p.who);
          fig.tabIndex = 0;
          var img = el("img");
          img.src = p.src;
          img.srcset = p.srcset.map(function (s) { return s[0] + " " + s[1] + "w"; }).join(", ");
          img.sizes = "(max-width: 600px) 100vw, 320px";
          img.loading = "lazy";
          img.width = p.width;
          img.height = p.height;
          fig.appendChild(img);
          var cap = el("figcaption");
          var text = el("span", "caption");
          var credit = el("span", "credit");
          cap.appendChild(text);
          cap.appendChild(document.createTextNode(" "));
          cap.appendChild(credit);
          fig.appendChild(cap);
          fig._photo = p;
          fig._text = text;
          fig._credit = credit;
          fig._img = img;
          fig.addEventListener("click", function () { open(figures.indexOf(fig)); });
          fig.addEventListener("keydown", function (e) { if (e.key === "Enter") open(figures.indexOf(fig)); });
          figures.push(fig);
          grid.appendChild(fig);
        });
        day.appendChild(grid);
        sec.appendChild(day);
      });
      main.appendChild(sec);
    });
    var select = document.getElementById("who");
    // An explicit empty value: without one, an option's value is its text,
    // which texts() later sets to "Tout le monde".
    var everyone = el("option", null, "");
    everyone.value = "";
    select.appendChild(everyone);
    album.people.forEach(function (name) {
      var o = el("option", null, name);
      o.value = name;
      select.appendChild(o);
    });
    select.addEventListener("change", function () { who = select.value; filter(); });
    document.getElementById("lang").addEventListener("click", function () {
      lang = lang === "fr" ? "en" : "fr";
      texts();
    });
    document.getElementById("lb-close").addEventListener("click", close);
    document.getElementById("lb-prev").addEventListener("click", function () { step(-1); });
    document.getElementById("lb-next").addEventListener("click", function () { step(1); });
    document.addEventListener("keydown", function (e) {
      if (document.getElementById("lightbox").hidden) return;
      if (e.key === "Escape") close();
      else if (e.key === "ArrowRight") step(1);
      else if (e.key === "ArrowLeft") step(-1);
    });
  }

  // Every language-dependent text, from the data (never parsed as HTML).
  function texts() {
    var ui = UI[lang];
    document.documentElement.lang = lang === "fr" ? "fr-CA" : "en";
    document.getElementById("who-label").textContent = ui.who;
    document.getElementById("who").options[0].textContent = ui.everyone;
    document.getElementById("lang").textContent = ui.other;
    document.getElementById("lb-close").setAttribute("aria-label", ui.close);
    document.getElementById("lb-prev").setAttribute("aria-label", ui.prev);
    document.getElementById("lb-next").setAttribute("aria-label", ui.next);
    Array.prototype.forEach.call(document.querySelectorAll(".intro, .day h3"), function (e) {
      e.textContent = e._both[lang];
    });
    figures.forEach(function (f) {
      f._text.textContent = f._photo.caption[lang];
      f._credit.textContent = f._photo.credit[lang];
      f._img.alt = f._photo.caption[lang];
    });
    if (current >= 0) show();
  }

  // The participant filter: hide other people's photos, then empty days and chapters.
  function filter() {
    figures.forEach(function (f) { f.hidden = who !== "" && f._photo.who !== who; });
    Array.prototype.forEach.call(document.querySelectorAll("section.day"), function (d) {
      d.hidden = d.querySelectorAll("figure.photo:not([hidden])").length === 0;
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.chapter"), function (c) {
      c.hidden = c.querySelectorAll("section.day:not([hidden])").length === 0;
    });
  }

  function visible() { return figures.filter(function (f) { return !f.hidden; }); }

  function open(i) {
    current = i;
    document.getElementById("lightbox").hidden = false;
    show();
  }

  function show() {
    var p = figures[current]._photo;
    var img = document.getElementById("lb-img");
    img.src = p.full;
    img.alt = p.caption[lang];
    document.getElementById("lb-caption").textContent = p.caption[lang];
    document.getElementById("lb-credit").textContent = p.credit[lang];
    document.getElementById("lightbox").setAttribute("data-index", String(current));
  }

  // Arrows walk the photos the filter shows, wrapping at the ends.
  function step(d) {
    var v = visible();
    var at = v.indexOf(figures[current]);
    if (v.length === 0) return;
    var next = v[(at + d + v.length) % v.length];
    current = figures.indexOf(next);
    show();
  }

  function close() {
    document.getElementById("lightbox").hidden = true;
    var f = figures[current];
    current = -1;
    if (f) f.focus();
  }

  build();
  texts();
  filter();
})();
