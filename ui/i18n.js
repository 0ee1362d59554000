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
      preparingDemo: "Préparation de la mission démo…",
      starting: "Démarrage de l’analyse…",
      walking: "Recherche des fichiers… {found} trouvés",
      reading: "Lecture des métadonnées… {done} / {total}",
      done: "Terminé : {photos} photos",
      cancelling: "Annulation…",
      cancelled: "Analyse annulée.",
      scanned: "Dossiers analysés : {roots}",
      otherLang: "English",
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
      preparingDemo: "Preparing the demo mission…",
      starting: "Starting the scan…",
      walking: "Looking for files… {found} found",
      reading: "Reading metadata… {done} / {total}",
      done: "Done: {photos} photos",
      cancelling: "Cancelling…",
      cancelled: "Scan cancelled.",
      scanned: "Scanned folders: {roots}",
      otherLang: "Français",
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

  function applyStatic(root) {
    document.documentElement.lang = LOCALES[lang];
    for (const el of (root || document).querySelectorAll("[data-i18n]")) {
      el.textContent = t(el.dataset.i18n);
    }
  }

  window.RecapI18n = {
    t, setLang, number, dateTime, applyStatic,
    get lang() { return lang; },
  };
})();
