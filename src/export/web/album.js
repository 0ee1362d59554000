// Recap web album. A classic script (no modules, no fetch): the album must
// open from file://. Its data is window.RECAP_ALBUM, written inline by
// index.html. User strings only ever reach the page through textContent.
(function () {
  "use strict";
  var album = window.RECAP_ALBUM;
  var UI = {
    fr: { everyone: "Tout le monde", who: "Photographe", other: "English", close: "Fermer",
      prev: "Précédente", next: "Suivante", photos: function (n) { return n + (n > 1 ? " photos" : " photo"); },
      contents: "Sommaire", credits: function (n) { return n > 1 ? "Photos\u00a0: " : "Photo\u00a0: "; },
      prevChapter: "Chapitre précédent", nextChapter: "Chapitre suivant",
      prevDay: "Jour précédent", nextDay: "Jour suivant" },
    en: { everyone: "Everyone", who: "Photographer", other: "Français", close: "Close",
      prev: "Previous", next: "Next", photos: function (n) { return n + (n > 1 ? " photos" : " photo"); },
      contents: "Contents", credits: function (n) { return n > 1 ? "Photos: " : "Photo: "; },
      prevChapter: "Previous chapter", nextChapter: "Next chapter",
      prevDay: "Previous day", nextDay: "Next day" }
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

  // A link to an anchor of the page whose words follow the language:
  // `label` names the UI string (read in texts()), `both` the target's title.
  function link(cls, anchor, label, both, plain) {
    var a = el("a", cls);
    a.href = "#" + anchor;
    a._label = label;
    a._both = both;
    a._plain = plain;
    return a;
  }

  // The cover: title, dates, the chapters and their days as a table of
  // contents, and everyone credited.
  function cover() {
    var sec = el("section", "cover");
    sec.id = "cover";
    sec.appendChild(el("h2", "cover-title", album.title));
    var dates = el("p", "cover-dates");
    dates._both = album.dates;
    sec.appendChild(dates);
    var nav = el("nav", "toc");
    nav.id = "toc";
    var h = el("h3", "toc-title");
    h._label = "contents";
    nav.appendChild(h);
    var list = el("ol", "toc-chapters");
    album.chapters.forEach(function (c) {
      var li = el("li", "toc-chapter");
      li.setAttribute("data-kind", c.kind);
      li.appendChild(link("toc-link", c.anchor, null, null, c.title));
      var when = el("span", "toc-dates");
      when._both = c.dates;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(when);
      var days = el("ol", "toc-days");
      c.days.forEach(function (d) {
        var di = el("li");
        di.appendChild(link("toc-day", d.anchor, null, d.heading));
        days.appendChild(di);
      });
      li.appendChild(days);
      list.appendChild(li);
    });
    nav.appendChild(list);
    sec.appendChild(nav);
    var people = el("p", "cover-credits");
    people.appendChild(el("span", "cover-credits-label"));
    people.appendChild(el("span", "cover-people", album.people.join(", ")));
    sec.appendChild(people);
    return sec;
  }

  function build() {
    var main = document.getElementById("album");
    main.appendChild(cover());
    var allDays = [];
    album.chapters.forEach(function (c) { c.days.forEach(function (d) { allDays.push(d); }); });
    album.chapters.forEach(function (c, ci) {
      var sec = el("section", "chapter");
      sec.id = c.anchor;
      sec.appendChild(el("h2", null, c.title));
      // Previous and next chapter, and back to the contents.
      var nav = el("nav", "chapter-nav");
      var prev = album.chapters[ci - 1], next = album.chapters[ci + 1];
      if (prev) nav.appendChild(link("prev-chapter", prev.anchor, "prevChapter", null, prev.title));
      nav.appendChild(link("to-toc", "toc", "contents"));
      if (next) nav.appendChild(link("next-chapter", next.anchor, "nextChapter", null, next.title));
      sec.appendChild(nav);
      var intro = el("p", "intro");
      intro._both = c.intro;
      sec.appendChild(intro);
      c.days.forEach(function (d) {
        var day = el("section", "day");
        day.id = d.anchor;
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
          // The credit first, on a line of its own: the same place under
          // every photo, however long the caption.
          var cap = el("figcaption");
          var text = el("span", "caption");
          var credit = el("span", "credit");
          cap.appendChild(credit);
          cap.appendChild(text);
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
        // Previous and next day, across chapters.
        var at = allDays.indexOf(d);
        var dnav = el("nav", "day-nav");
        if (at > 0) dnav.appendChild(link("prev-day", allDays[at - 1].anchor, "prevDay", allDays[at - 1].heading));
        if (at + 1 < allDays.length) dnav.appendChild(link("next-day", allDays[at + 1].anchor, "nextDay", allDays[at + 1].heading));
        day.appendChild(dnav);
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
    Array.prototype.forEach.call(document.querySelectorAll(".intro, .day h3, .cover-dates, .toc-dates"), function (e) {
      e.textContent = e._both[lang];
    });
    document.querySelector(".toc-title").textContent = ui.contents;
    document.querySelector(".cover-credits-label").textContent = ui.credits(album.people.length);
    // Links: "‹ label: target", the target's title in the language shown.
    Array.prototype.forEach.call(document.querySelectorAll("a[href^='#']"), function (a) {
      var target = a._both ? a._both[lang] : a._plain;
      var label = a._label ? ui[a._label] : "";
      if (a._label && target) {
        a.textContent = a.className.indexOf("prev") === 0 ? "‹ " + target : target + " ›";
        a.title = label;
        a.setAttribute("aria-label", label + (lang === "fr" ? "\u00a0: " : ": ") + target);
      } else {
        a.textContent = target || label;
      }
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
