// Strings and formatting for fr-CA (default) and English. Plain script: it
// defines `window.RecapI18n` for app.js.
(function () {
  "use strict";

  const STRINGS = {
    fr: {
      tagline: "La mission en images",
      intro: "Rassemblez les photos de chaque participant et retrouvez la mission, jour par jour.",
      openDemo: "Essayer la mission démo",
      openFolders: "Ouvrir des dossiers…",
      pickTitle: "Choisir les dossiers des participants",
      cancel: "Annuler",
      back: "Retour",
      errorTitle: "L’analyse a échoué",
      summary: "Résumé",
      photos: "Photos",
      videos: "Vidéos",
      skipped: "Fichiers ignorés",
      participants: "Participants",
      photoList: "Photos",
      colContributor: "Participant",
      colFile: "Fichier",
      colDate: "Date",
      colCamera: "Appareil",
      colGps: "GPS",
      yes: "Oui",
      no: "Non",
      noDate: "Date inconnue",
      noPhotos: "Aucune photo trouvée.",
      skippedTitle: "Fichiers ignorés",
      skip_empty: "fichier vide",
      skip_not_an_image: "pas une photo",
      skip_unsupported: "format non pris en charge",
      skip_truncated: "JPEG tronqué",
      skip_permission_denied: "accès refusé",
      skip_vanished: "fichier disparu pendant l’analyse",
      skip_symlink_loop: "boucle de liens symboliques (non suivie)",
      skip_unreadable: "illisible",
      preparingDemo: "Préparation de la mission démo…",
      starting: "Démarrage de l’analyse…",
      walking: "Recherche des fichiers… {found} trouvés",
      reading: "Lecture des métadonnées… {done} / {total}",
      done: "Terminé : {photos} photos",
      cancelling: "Annulation…",
      cancelled: "Analyse annulée.",
      scanned: "Dossiers analysés : {roots}",
      otherLang: "English",
      tabPlan: "Voyage",
      tabClocks: "Horloges",
      tabApart: "À part",
      tabFiles: "Fichiers",
      noPlan: "Aucune photo datée : rien à placer dans le temps.",
      travel: "Trajet",
      photoCount: "{n} photos",
      photoCountOne: "1 photo",
      momentCount: "{n} moments",
      momentCountOne: "1 moment",
      untitledMoment: "Moment",
      estimated: "estimé",
      agendaPlace: "selon le programme",
      noPlace: "Lieu inconnu",
      clocksIntro: "Chaque appareil et la correction appliquée à son horloge.",
      colOffset: "Correction",
      colSource: "Source",
      colConfidence: "Confiance",
      colPhotos: "Photos",
      "source.exif-offset": "décalage EXIF",
      "source.gps-time": "heure GPS",
      "source.aligned": "aligné sur le groupe",
      "source.mission": "mission",
      "source.none": "aucun",
      unknownDevice: "Appareil inconnu",
      apartIntro: "Ces photos n’ont pas pu être placées dans le temps.",
      noUnplaced: "Toutes les photos ont trouvé leur place.",
      agendaWarning: "Programme : {message}",
    },
    en: {
      tagline: "The mission in pictures",
      intro: "Gather every participant’s photos and relive the mission, day by day.",
      openDemo: "Try the demo mission",
      openFolders: "Open folders…",
      pickTitle: "Choose the participants’ folders",
      cancel: "Cancel",
      back: "Back",
      errorTitle: "The scan failed",
      summary: "Summary",
      photos: "Photos",
      videos: "Videos",
      skipped: "Skipped files",
      participants: "Participants",
      photoList: "Photos",
      colContributor: "Contributor",
      colFile: "File",
      colDate: "Date",
      colCamera: "Camera",
      colGps: "GPS",
      yes: "Yes",
      no: "No",
      noDate: "Unknown date",
      noPhotos: "No photos found.",
      skippedTitle: "Skipped files",
      skip_empty: "empty file",
      skip_not_an_image: "not an image",
      skip_unsupported: "unsupported format",
      skip_truncated: "truncated JPEG",
      skip_permission_denied: "permission denied",
      skip_vanished: "file vanished during the scan",
      skip_symlink_loop: "symbolic link loop (not followed)",
      skip_unreadable: "unreadable",
      preparingDemo: "Preparing the demo mission…",
      starting: "Starting the scan…",
      walking: "Looking for files… {found} found",
      reading: "Reading metadata… {done} / {total}",
      done: "Done: {photos} photos",
      cancelling: "Cancelling…",
      cancelled: "Scan cancelled.",
      scanned: "Scanned folders: {roots}",
      otherLang: "Français",
      tabPlan: "Trip",
      tabClocks: "Clocks",
      tabApart: "Set apart",
      tabFiles: "Files",
      noPlan: "No dated photo: nothing to place in time.",
      travel: "Travel",
      photoCount: "{n} photos",
      photoCountOne: "1 photo",
      momentCount: "{n} moments",
      momentCountOne: "1 moment",
      untitledMoment: "Moment",
      estimated: "estimated",
      agendaPlace: "from the programme",
      noPlace: "Unknown place",
      clocksIntro: "Each device and the correction applied to its clock.",
      colOffset: "Correction",
      colSource: "Source",
      colConfidence: "Confidence",
      colPhotos: "Photos",
      "source.exif-offset": "EXIF offset",
      "source.gps-time": "GPS time",
      "source.aligned": "aligned with the group",
      "source.mission": "mission",
      "source.none": "none",
      unknownDevice: "Unknown device",
      apartIntro: "These photos could not be placed in time.",
      noUnplaced: "Every photo found its place.",
      agendaWarning: "Programme: {message}",
    },
  };

  const LOCALES = { fr: "fr-CA", en: "en-CA" };
  const MONTHS = {
    fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
      "septembre", "octobre", "novembre", "décembre"],
    en: ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"],
  };
  const KEY = "recap.lang";

  let lang = "fr";
  try {
    const saved = window.localStorage.getItem(KEY);
    if (saved && STRINGS[saved]) lang = saved;
  } catch (_) { /* storage may be unavailable; French it is */ }

  function t(key, vars) {
    let s = STRINGS[lang][key] ?? STRINGS.fr[key] ?? key;
    if (vars) {
      for (const [k, v] of Object.entries(vars)) s = s.split("{" + k + "}").join(String(v));
    }
    return s;
  }

  function setLang(next) {
    if (!STRINGS[next]) return;
    lang = next;
    try { window.localStorage.setItem(KEY, next); } catch (_) { /* not fatal */ }
  }

  function number(n) {
    return new Intl.NumberFormat(LOCALES[lang]).format(n);
  }

  // "2017-06-04T10:32:00" (camera local time, no zone) -> "4 juin 2017, 10 h 32"
  // or "June 4, 2017, 10:32". Formatted by hand: no time-zone conversion and
  // no dependence on the web view's ICU data.
  function dateTime(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    if (!m) return null;
    const [y, mo, d, h, mi] = m.slice(1).map(Number);
    const month = MONTHS[lang][mo - 1];
    if (!month) return null;
    const mm = String(mi).padStart(2, "0");
    if (lang === "fr") return `${d} ${month} ${y}, ${h} h ${mm}`;
    return `${month} ${d}, ${y}, ${h}:${mm}`;
  }

  const WEEKDAYS = {
    fr: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  };

  function ymd(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m.slice(1).map(Number) : null;
  }

  // "2017-06-05" -> "lundi 5 juin" / "Monday, June 5". The weekday is computed
  // in UTC so the web view's zone cannot shift it.
  function dayName(iso) {
    const p = ymd(iso);
    if (!p) return iso || "";
    const [y, mo, d] = p;
    const wd = WEEKDAYS[lang][new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
    const month = MONTHS[lang][mo - 1];
    return lang === "fr" ? `${wd} ${d} ${month}` : `${wd}, ${month} ${d}`;
  }

  // A chapter's dates: "4–7 juin", "30 juin – 2 juillet", "3 juin" / "June 4–7".
  function dateRange(start, end) {
    const a = ymd(start);
    const b = ymd(end) || a;
    if (!a) return "";
    const ma = MONTHS[lang][a[1] - 1];
    const mb = MONTHS[lang][b[1] - 1];
    const same = a[0] === b[0] && a[1] === b[1];
    if (lang === "fr") {
      if (same && a[2] === b[2]) return `${a[2]} ${ma}`;
      if (same) return `${a[2]}–${b[2]} ${ma}`;
      return `${a[2]} ${ma} – ${b[2]} ${mb}`;
    }
    if (same && a[2] === b[2]) return `${ma} ${a[2]}`;
    if (same) return `${ma} ${a[2]}–${b[2]}`;
    return `${ma} ${a[2]} – ${mb} ${b[2]}`;
  }

  // "2017-06-09T22:58:00+02:00" (the place's own time) -> "22 h 58" / "22:58".
  function clock(iso) {
    const m = /T(\d{2}):(\d{2})/.exec(iso || "");
    if (!m) return "";
    const h = Number(m[1]);
    return lang === "fr" ? `${h} h ${m[2]}` : `${h}:${m[2]}`;
  }

  // A clock correction in minutes -> "+6 h", "−5 h 30", "0 h".
  function offset(minutes) {
    const n = Math.round(Number(minutes) || 0);
    const sign = n > 0 ? "+" : n < 0 ? "−" : "";
    const h = Math.floor(Math.abs(n) / 60);
    const mi = Math.abs(n) % 60;
    return mi ? `${sign}${h} h ${String(mi).padStart(2, "0")}` : `${sign}${h} h`;
  }

  // 0.7 -> "70 %" (fr-CA) / "70%".
  function percent(x) {
    return new Intl.NumberFormat(LOCALES[lang], { style: "percent", maximumFractionDigits: 0 }).format(Number(x) || 0);
  }

  function applyStatic(root) {
    document.documentElement.lang = LOCALES[lang];
    for (const el of (root || document).querySelectorAll("[data-i18n]")) {
      el.textContent = t(el.dataset.i18n);
    }
  }

  window.RecapI18n = {
    t, setLang, number, dateTime, dayName, dateRange, clock, offset, percent, applyStatic,
    get lang() { return lang; },
  };
})();
