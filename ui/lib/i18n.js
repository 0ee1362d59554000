// Strings and formatting for fr-CA (first) and en. Pure: no DOM, no storage
// (ui/main.js persists the choice and sets <html lang>). Dates are formatted
// by hand from the ISO strings the core sends: no time-zone conversion and
// no dependence on the web view's ICU data.

export const STRINGS = {
  fr: {
    tagline: "La mission en images",
    otherLang: "English",
    langName: "Français",
    // start screen
    intro: "Rassemblez les photos de chaque participant et retrouvez la mission, jour par jour.",
    openDemo: "Essayer la mission démo",
    openMission: "Ouvrir une mission…",
    recentTitle: "Missions récentes",
    noRecent: "Aucune mission récente.",
    missing: "introuvable",
    openedAt: "ouverte le {date}",
    newMission: "Nouvelle mission",
    missionName: "Nom de la mission",
    missionNamePlaceholder: "Mission Angers–Nantes 2017",
    addFolders: "Ajouter des dossiers…",
    pickTitle: "Choisissez les dossiers des participants",
    noFolders: "Aucun dossier choisi : ajoutez le dossier de chaque participant.",
    removeFolder: "Retirer {name}",
    create: "Créer et analyser",
    nameRequired: "Donnez un nom à la mission.",
    foldersRequired: "Ajoutez au moins un dossier.",
    cancel: "Annuler",
    close: "Fermer",
    back: "Retour",
    home: "Accueil",
    save: "Enregistrer",
    ok: "OK",
    open: "Ouvrir",
    // progress
    preparingDemo: "Préparation de la mission démo…",
    opening: "Ouverture de la mission…",
    starting: "Démarrage de l’analyse…",
    walking: "Recherche des fichiers… {found} trouvés",
    reading: "Lecture des métadonnées… {done} / {total}",
    rendering: "Préparation des images… {done} / {total}",
    analysing: "Analyse des photos… {done} / {total}",
    exported: "Exportation terminée : {written} fichiers",
    done: "Terminé : {photos} photos",
    cancelling: "Annulation…",
    cancelled: "Opération annulée.",
    // browse
    tabPhotos: "Photos",
    tabClocks: "Horloges",
    tabPeople: "Bottin",
    tabCaptions: "Légendes",
    tabApart: "À part",
    tabMap: "Carte",
    mapIntro: "Les étapes du voyage, dans l’ordre des chapitres. Cliquez sur une étape pour voir ses photos.",
    noMap: "Aucune étape n’a de lieu connu.",
    mapCredit: "Contours : Natural Earth (domaine public), via world-atlas.",
    mapLoading: "Chargement de la carte…",
    chapters: "Chapitres",
    travel: "Trajet",
    photoCount: "{n} photos",
    photoCountOne: "1 photo",
    photoCountZero: "aucune photo",
    pickCount: "{n} retenues",
    pickCountOne: "1 retenue",
    selectedCount: "{n} sélectionnées",
    selectedCountOne: "1 sélectionnée",
    untitledMoment: "Moment",
    estimated: "estimé",
    noPlace: "Lieu inconnu",
    noPlan: "Aucune photo datée : rien à placer dans le temps.",
    noMatch: "Aucune photo ne correspond au filtre.",
    filterLabel: "Afficher",
    filterAll: "Tous les participants",
    filterMe: "Mes photos",
    filterMeWho: "Mes photos ({name})",
    iAm: "Je suis",
    iAmNobody: "— choisir —",
    chooseMeFirst: "Choisissez d’abord qui vous êtes dans « Je suis ».",
    filterEdited: "Légendes modifiées",
    filterPicks: "Seulement mes choix",
    gridLabel: "Photos de la mission",
    renameChapter: "Renommer",
    renameLabel: "Nouveau titre du chapitre",
    moveUp: "Monter",
    moveDown: "Descendre",
    moveUpNamed: "Monter « {title} »",
    moveDownNamed: "Descendre « {title} »",
    selectChapter: "Sélectionner « {title} »",
    merge: "Fusionner les chapitres cochés",
    mergeNeedsTwo: "Cochez au moins deux chapitres à fusionner.",
    split: "Nouveau chapitre à partir de cette photo",
    splitNeedsPhoto: "Sélectionnez la photo où le nouveau chapitre commence.",
    moveTo: "Déplacer la sélection vers…",
    moveToNone: "Sélectionnez des photos à déplacer.",
    importAgenda: "Importer un programme (.ics)…",
    exportBtn: "Exporter…",
    selectN: "Choisir N photos…",
    selectNLabel: "Nombre de photos à choisir",
    selectNBtn: "Choisir {n} photos",
    selectTitle: "Choisir des photos",
    selectHelp: "Recap retient une sélection équilibrée : chaque journée, chaque moment et chaque participant y sont représentés, la meilleure photo de chaque groupe d’abord. Annulable avec Ctrl+Z.",
    selectReplace: "Remplacer mes choix (sinon, mes photos retenues sont gardées et complétées)",
    selectRunning: "Sélection en cours…",
    selectDone: "{picks} au total.",
    selectShowPicks: "Seulement mes choix",
    picksTotal: "{n} retenues au total",
    picksTotalOne: "1 retenue au total",
    picksTotalZero: "aucune photo retenue",
    undo: "Annuler",
    redo: "Rétablir",
    undoWhat: "Annuler : {what}",
    redoWhat: "Rétablir : {what}",
    missionReloaded: "Le fichier de mission avait été modifié ailleurs (autre fenêtre, ligne de commande) : il a été relu et votre modification ajoutée par-dessus. L’historique d’annulation repart de zéro.",
    versions: "Versions précédentes…",
    missionDir: "Fichier de la mission dans :",
    changeDir: "Changer…",
    changeDirTitle: "Dossier où enregistrer le fichier de la mission",
    restore: "Restaurer",
    versionItem: "{n}. {when} — {name}",
    noVersions: "Aucune version précédente de ce fichier de mission pour l’instant.",
    versionRestored: "Version {n} restaurée. Ctrl+Z pour revenir en arrière.",
    "edit.clock": "l’horloge d’un appareil",
    "edit.rename": "le renommage du chapitre",
    "edit.merge": "la fusion des chapitres",
    "edit.split": "la scission du chapitre",
    "edit.order": "le nouvel ordre des chapitres",
    "edit.move": "le déplacement des photos",
    "edit.participant": "le nom du participant",
    "edit.mission": "le nom de la mission",
    renameMission: "Renommer la mission",
    "edit.caption": "la légende",
    "edit.template": "le modèle de légende",
    "edit.intro": "l’introduction du chapitre",
    "edit.pick": "le choix des photos",
    "edit.stars": "les étoiles",
    "edit.agenda": "l’import du programme",
    "edit.select": "la sélection automatique",
    "edit.best": "le choix de la meilleure photo",
    "edit.alone": "la séparation du groupe",
    group: "Groupe de {n} photos semblables",
    groupShort: "×{n}",
    "kind.exact": "doublon",
    "kind.near": "copie",
    "kind.burst": "rafale",
    "kindLong.exact": "Doublon : la même photo chez plusieurs participants",
    "kindLong.near": "Copie : la même photo, réduite ou recompressée (messagerie)",
    "kindLong.burst": "Rafale : {n} photos prises à quelques secondes d’intervalle",
    sharedBy: "Chez : {names}",
    bestShort: "meilleure",
    compare: "Comparer le groupe (C)",
    compareTitle: "Comparer {n} photos",
    compareHelp: "← → : choisir · P : retenir · Suppr : écarter · B : meilleure photo · S : séparer du groupe · 1–5 : étoiles · Entrée : garder celle-ci, écarter les autres · Échap : fermer",
    compareBest: "Meilleure photo (B)",
    compareAlone: "Séparer du groupe (S)",
    compareTogether: "Remettre dans le groupe (S)",
    aloneTag: "séparée du groupe",
    openGroup: "Comparer ce groupe",
    picked: "Retenue",
    rejected: "Écartée",
    stars: "{n} étoiles",
    starsOne: "1 étoile",
    best: "Meilleure du groupe",
    close2: "Fermer (Échap)",
    captionEditedBadge: "Légende modifiée à la main",
    // viewer
    viewerLabel: "Visionneuse",
    prev: "Photo précédente",
    next: "Photo suivante",
    caption: "Légende",
    captionEdited: "Modifiée à la main",
    captionTemplate: "Selon le modèle",
    backToTemplate: "Revenir au modèle",
    camera: "Appareil",
    time: "Heure",
    cameraTime: "Heure de l’appareil : {time} (correction {offset})",
    place: "Lieu",
    placeEstimated: "{place} (estimé)",
    photographer: "Photographe",
    file: "Fichier",
    size: "Dimensions",
    unknown: "inconnu",
    position: "{i} / {n}",
    pickAction: "Retenir (P)",
    rejectAction: "Écarter (Suppr)",
    clearAction: "Remettre à trier (U)",
    clearActionHelp: "Ni retenue ni écartée : la photo reste dans la mission, rien n’est supprimé.",
    // clocks
    clocksIntro: "Chaque appareil et la correction appliquée à son horloge. Corrigez-la si les photos tombent au mauvais moment.",
    colContributor: "Participant",
    colCamera: "Appareil",
    colOffset: "Correction",
    colSource: "Source",
    colConfidence: "Confiance",
    colPhotos: "Photos",
    colActions: "Actions",
    "source.exif-offset": "décalage EXIF",
    "source.gps-time": "heure GPS",
    "source.aligned": "aligné sur le groupe",
    "source.mission": "réglée à la main",
    "source.manual": "saisi à la main",
    colEvidence: "Photos à l’appui",
    clockEvidence: "{n} sur {total}",
    clockEvidenceHelp: "{n} des {total} photos de cet appareil appuient la correction (fuseau inscrit dans la photo, heure GPS ou accord avec les photos des autres appareils).",
    clockEvidenceHandSet: "Correction réglée à la main : {total} photos suivent votre choix.",
    clockDetected: "Recap proposait {offset}",
    noDevice: "Copies sans appareil",
    noDeviceHelp: "Ces fichiers n’indiquent aucun appareil (copies passées par une messagerie, par exemple) : leur heure vient du fichier, il n’y a pas d’horloge à corriger.",
    "source.none": "aucun",
    unknownDevice: "Appareil inconnu",
    clockKeep: "Accepter la correction proposée",
    clockKeepHelp: "Garder {offset} pour cet appareil",
    clockChange: "Saisir une correction…",
    clockClear: "Cette horloge est juste",
    clockClearHelp: "Aucune correction pour cet appareil : ses heures sont les bonnes.",
    clockAuto: "Laisser Recap décider",
    clockAutoHelp: "Oublier votre choix : Recap corrige cette horloge selon ce qu’il détecte.",
    clockInput: "Correction pour {camera}",
    clockInputHelp: "Ex. « +6 h », « -5 h 30 », « -360 » (minutes) ou « 6:00 »",
    // offset parsing errors
    "offset.empty": "Entrez une correction, par exemple « +6 h ».",
    "offset.syntax": "Correction illisible : essayez « +6 h », « -5 h 30 », « -360 » ou « 6:00 ».",
    "offset.range": "Correction trop grande (plus de {max}).",
    // people
    peopleIntro: "Le bottin : le nom affiché de chaque participant (crédits, légendes, filtre).",
    colFolder: "Dossier",
    colName: "Nom affiché",
    renamePerson: "Nom affiché pour {folder}",
    // captions
    templatesTitle: "Modèles de légende",
    templatesHelp: "Champs disponibles :",
    templateFr: "Modèle en français",
    templateEn: "Modèle en anglais",
    resetTemplate: "Modèle par défaut",
    introsTitle: "Introductions des chapitres",
    introFr: "Introduction (français)",
    introEn: "Introduction (anglais)",
    introEdited: "modifiée",
    resetIntro: "Texte automatique",
    editedCaptions: "{n} légendes modifiées à la main",
    editedCaptionsOne: "1 légende modifiée à la main",
    // apart
    apartIntro: "Ces photos n’ont pas pu être placées dans le temps.",
    noUnplaced: "Toutes les photos ont trouvé leur place.",
    skippedTitle: "Fichiers ignorés",
    agendaWarning: "Programme : {message}",
    skip_empty: "fichier vide",
    skip_not_an_image: "pas une photo",
    skip_unsupported: "format non pris en charge",
    skip_truncated: "JPEG tronqué",
    skip_permission_denied: "accès refusé",
    skip_vanished: "fichier disparu (déplacé ou supprimé)",
    skip_symlink_loop: "boucle de liens symboliques (non suivie)",
    skip_unreadable: "illisible",
    skip_not_regular: "pas un fichier ordinaire (tube, périphérique ou dossier) : ignoré sans l’ouvrir",
    skip_too_large: "fichier trop gros pour une photo",
    skip_internal: "fichier qui a fait échouer la lecture (signalé, ignoré)",
    skip_corrupt: "image endommagée",
    skip_no_preview: "fichier RAW sans aperçu intégré à afficher",
    skip_metadata: "métadonnées illisibles ou impossibles à écrire",
    skip_not_jpeg: "pas un JPEG que Recap peut réécrire",
    summary: "{photos} · {participants} participants · {skipped} fichiers ignorés",
    curatingStart: "Comparaison des photos…",
    curating: "Comparaison des photos (doublons, rafales)… {done} / {total}",
    curatingWait: "Disponible quand la comparaison des photos sera finie",
    "error.not_ready": "Pas encore prêt : {message}",
    // export
    exportTitle: "Exporter l’album",
    preset: "Format",
    "preset.facebook": "Facebook (2048 px, légendes intégrées)",
    "preset.instagram": "Instagram (1080 px carré ou 4:5)",
    "preset.web": "Album web (à ouvrir dans un navigateur)",
    "preset.copies": "Copies originales légendées",
    exportFolder: "Dossier de destination",
    relocateTitle: "Dossier de photos introuvable",
    relocateText: "Le dossier de photos « {folder} » de cette mission est introuvable. S’il a été déplacé (autre disque, dossier renommé), indiquez son nouvel emplacement : légendes, choix et corrections suivront les photos.",
    relocatePick: "Indiquer le nouvel emplacement…",
    relocatePickTitle: "Nouvel emplacement de « {folder} »",
    relocateDone: "Dossier retrouvé : {what}",
    chooseFolder: "Choisir…",
    noFolder: "Aucun dossier choisi.",
    exportLang: "Langue des légendes",
    startExport: "Exporter",
    exportDone: "Terminé en {seconds} s : {written} · {skipped} · {failed}.",
    filesWritten: "{n} fichiers écrits",
    filesWrittenOne: "1 fichier écrit",
    filesWrittenZero: "aucun fichier écrit",
    filesKept: "{n} fichiers déjà à jour",
    filesKeptOne: "1 fichier déjà à jour",
    filesKeptZero: "aucun fichier déjà à jour",
    failures: "{n} échecs",
    failuresOne: "1 échec",
    failuresZero: "aucun échec",
    exportFailed: "Fichiers en échec :",
    openFolder: "Ouvrir le dossier",
    exportNeedsFolder: "Choisissez d’abord un dossier de destination.",
    exportOutgoingPicks: "{n} photos retenues sur {of} partiront.",
    exportOutgoingPicksOne: "1 photo retenue sur {of} partira.",
    exportOutgoingAll: "{n} photos sur {of} partiront (aucune n’est retenue : toutes sauf les écartées).",
    exportOutgoingNone: "Aucune photo ne partira : toutes sont écartées.",
    exportGps: "Position GPS dans les photos exportées",
    exportGpsKeep: "Garder la position",
    exportGpsStrip: "Retirer la position",
    exportGpsHelp: "Par défaut, seules les copies originales gardent la position (les participants la veulent) ; une photo publiée ne dit pas où elle a été prise.",
    exportFolderReset: "Nouveau format : choisissez un dossier pour celui-ci.",
    // errors
    errorTitle: "Une erreur est survenue",
    "error.cancelled": "Opération annulée.",
    "error.unavailable": "Cette fonction n’est pas encore disponible dans cette version de Recap.",
    "error.invalid": "Demande invalide : {message}",
    "error.not_found": "Introuvable : {message}",
    "error.no_trip": "Aucune mission n’est ouverte.",
    "error.no_mission": "Aucune mission n’est ouverte.",
    "error.not_implemented": "Cette fonction n’est pas encore disponible dans cette version de Recap.",
    "error.busy": "Une autre opération est en cours ; attendez qu’elle se termine ou annulez-la.",
    "error.inside_source": "Ce dossier est à l’intérieur d’un dossier de photos : choisissez-en un autre.",
    "error.io": "Erreur de lecture ou d’écriture : {message}",
    "error.nothing": "Rien à annuler ou à rétablir.",
    "error.no_such_folder": "Dossier introuvable : {message}",
    "error.mission_corrupt": "Le fichier de mission est illisible : {message}",
    "error.mission_too_new": "Ce fichier de mission vient d’une version plus récente de Recap.",
    "error.not_a_mission": "Ce fichier n’est pas une mission Recap ; il n’a pas été modifié.",
    "error.no_such_version": "Cette version n’existe plus.",
    "error.mission_invalid": "Le fichier de mission contient une valeur invalide : {message}",
    "error.mission_serialize": "Le fichier de mission n’a pas pu être écrit (erreur interne de Recap) : {message}",
    "error.agenda_not_text": "Ce fichier n’est pas du texte, donc pas un programme iCalendar (.ics).",
    "error.agenda_not_calendar": "Ce fichier n’est pas un programme iCalendar (.ics) : {message}",
    "error.agenda_syntax": "Le programme iCalendar est illisible : {message}",
    "error.agenda_too_large": "Le fichier du programme est trop gros pour un programme.",
    "error.agenda_not_regular": "Le programme n’est pas un fichier ordinaire (dossier, tube ou périphérique).",
    "error.agenda_too_deep": "Le fichier imbrique trop de sections pour être un programme.",
    "error.catalog": "Le catalogue des photos (cache) est inutilisable : {message}",
    "error.nothing_readable": "Aucune photo n’a pu être lue dans ce dossier : {message}",
    "error.no_cache_dir": "Aucun dossier de cache n’a été trouvé pour cet utilisateur.",
    "error.no_data_dir": "Aucun dossier de données n’a été trouvé pour cet utilisateur.",
    "error.internal": "Erreur interne de Recap (à signaler) : {message}",
    "error.export_locked": "Une autre exportation écrit déjà dans ce dossier (autre fenêtre ou commande) : attendez qu’elle se termine ou choisissez un autre dossier.",
    "error.export_symlink": "Le dossier d’exportation contient un lien symbolique là où Recap écrirait ; Recap n’écrit ni ne supprime rien à travers un lien : {message}",
    "error.export_not_empty": "Ce dossier n’est pas vide et ne contient pas d’exportation Recap : choisissez un dossier vide ou nouveau.",
    "error.export_other_preset": "Ce dossier contient une exportation d’un autre format : choisissez un autre dossier pour celui-ci.",
    "error.metadata": "Les métadonnées n’ont pas pu être écrites : {message}",
    "error.not_jpeg": "Ce fichier n’est pas un JPEG que Recap peut réécrire : {message}",
    "error.corrupt": "Image endommagée : {message}",
    "error.too_large": "Fichier ou image trop grand : {message}",
    exportWarnings: "Avertissements :",
    exportLeftOut: "{n} photos laissées de côté.",
    exportLeftOutOne: "1 photo laissée de côté.",
    credit: "Crédit",
    "error.generic": "Erreur : {message}",
    dismiss: "Fermer le message",
    keyboardHelp: "Flèches : naviguer · Entrée : ouvrir · Suppr : écarter · P : retenir · U : remettre à trier · 1–5 : étoiles · C : comparer le groupe · B : meilleure photo · Ctrl+Z : annuler",
  },
  en: {
    tagline: "The mission in pictures",
    otherLang: "Français",
    langName: "English",
    intro: "Gather every participant’s photos and relive the mission, day by day.",
    openDemo: "Try the demo mission",
    openMission: "Open a mission…",
    recentTitle: "Recent missions",
    noRecent: "No recent mission.",
    missing: "missing",
    openedAt: "opened {date}",
    newMission: "New mission",
    missionName: "Mission name",
    missionNamePlaceholder: "Angers–Nantes mission 2017",
    addFolders: "Add folders…",
    pickTitle: "Choose the participants’ folders",
    noFolders: "No folder chosen: add each participant’s folder.",
    removeFolder: "Remove {name}",
    create: "Create and scan",
    nameRequired: "Give the mission a name.",
    foldersRequired: "Add at least one folder.",
    cancel: "Cancel",
    close: "Close",
    back: "Back",
    home: "Home",
    save: "Save",
    ok: "OK",
    open: "Open",
    preparingDemo: "Preparing the demo mission…",
    opening: "Opening the mission…",
    starting: "Starting the scan…",
    walking: "Looking for files… {found} found",
    reading: "Reading metadata… {done} / {total}",
    rendering: "Preparing images… {done} / {total}",
    analysing: "Analysing photos… {done} / {total}",
    exported: "Export finished: {written} files",
    done: "Done: {photos} photos",
    cancelling: "Cancelling…",
    cancelled: "Cancelled.",
    tabPhotos: "Photos",
    tabClocks: "Clocks",
    tabPeople: "Directory",
    tabCaptions: "Captions",
    tabApart: "Set apart",
    tabMap: "Map",
    mapIntro: "The trip's stages, in chapter order. Click a stage to see its photos.",
    noMap: "No stage has a known place.",
    mapCredit: "Outlines: Natural Earth (public domain), via world-atlas.",
    mapLoading: "Loading the map…",
    chapters: "Chapters",
    travel: "Travel",
    photoCount: "{n} photos",
    photoCountOne: "1 photo",
    photoCountZero: "no photos",
    pickCount: "{n} picks",
    pickCountOne: "1 pick",
    selectedCount: "{n} selected",
    selectedCountOne: "1 selected",
    untitledMoment: "Moment",
    estimated: "estimated",
    noPlace: "Unknown place",
    noPlan: "No dated photo: nothing to place in time.",
    noMatch: "No photo matches the filter.",
    filterLabel: "Show",
    filterAll: "All participants",
    filterMe: "My photos",
    filterMeWho: "My photos ({name})",
    iAm: "I am",
    iAmNobody: "— choose —",
    chooseMeFirst: "First choose who you are in “I am”.",
    filterEdited: "Edited captions",
    filterPicks: "Only my picks",
    gridLabel: "Mission photos",
    renameChapter: "Rename",
    renameLabel: "New chapter title",
    moveUp: "Move up",
    moveDown: "Move down",
    moveUpNamed: "Move “{title}” up",
    moveDownNamed: "Move “{title}” down",
    selectChapter: "Select “{title}”",
    merge: "Merge checked chapters",
    mergeNeedsTwo: "Check at least two chapters to merge.",
    split: "New chapter from this photo",
    splitNeedsPhoto: "Select the photo where the new chapter starts.",
    moveTo: "Move selection to…",
    moveToNone: "Select photos to move.",
    importAgenda: "Import a programme (.ics)…",
    exportBtn: "Export…",
    selectN: "Choose N photos…",
    selectNLabel: "Number of photos to choose",
    selectNBtn: "Choose {n} photos",
    selectTitle: "Choose photos",
    selectHelp: "Recap picks a balanced selection: every day, moment and participant is represented, the best shot of each group first. Ctrl+Z undoes it.",
    selectReplace: "Replace my picks (otherwise my picks are kept and topped up)",
    selectRunning: "Choosing…",
    selectDone: "{picks} in all.",
    selectShowPicks: "Only my picks",
    picksTotal: "{n} picks in all",
    picksTotalOne: "1 pick in all",
    picksTotalZero: "no picks",
    undo: "Undo",
    redo: "Redo",
    undoWhat: "Undo {what}",
    redoWhat: "Redo {what}",
    missionReloaded: "The mission file had been changed elsewhere (another window, the command line): it was read again and your change made on top of it. The undo history starts over.",
    versions: "Earlier versions…",
    missionDir: "Mission file in:",
    changeDir: "Change…",
    changeDirTitle: "Folder where the mission file is saved",
    restore: "Restore",
    versionItem: "{n}. {when} — {name}",
    noVersions: "No earlier version of this mission file yet.",
    versionRestored: "Version {n} restored. Ctrl+Z to go back.",
    "edit.clock": "device clock",
    "edit.rename": "chapter rename",
    "edit.merge": "chapter merge",
    "edit.split": "chapter split",
    "edit.order": "chapter order",
    "edit.move": "photo move",
    "edit.participant": "participant name",
    "edit.mission": "mission name",
    renameMission: "Rename the mission",
    "edit.caption": "caption",
    "edit.template": "caption template",
    "edit.intro": "chapter introduction",
    "edit.pick": "pick",
    "edit.stars": "stars",
    "edit.agenda": "programme import",
    "edit.select": "automatic selection",
    "edit.best": "best shot choice",
    "edit.alone": "group split",
    group: "Group of {n} similar photos",
    groupShort: "×{n}",
    "kind.exact": "duplicate",
    "kind.near": "copy",
    "kind.burst": "burst",
    "kindLong.exact": "Duplicate: the same photo from several participants",
    "kindLong.near": "Copy: the same photo, resized or recompressed (messaging app)",
    "kindLong.burst": "Burst: {n} photos taken seconds apart",
    sharedBy: "From: {names}",
    bestShort: "best",
    compare: "Compare the group (C)",
    compareTitle: "Compare {n} photos",
    compareHelp: "← →: choose · P: pick · Delete: reject · B: best shot · S: split off the group · 1–5: stars · Enter: keep this one, reject the others · Esc: close",
    compareBest: "Best shot (B)",
    compareAlone: "Split off the group (S)",
    compareTogether: "Put back in the group (S)",
    aloneTag: "split off the group",
    openGroup: "Compare this group",
    picked: "Picked",
    rejected: "Rejected",
    stars: "{n} stars",
    starsOne: "1 star",
    best: "Best of the group",
    close2: "Close (Esc)",
    captionEditedBadge: "Caption edited by hand",
    viewerLabel: "Viewer",
    prev: "Previous photo",
    next: "Next photo",
    caption: "Caption",
    captionEdited: "Edited by hand",
    captionTemplate: "From the template",
    backToTemplate: "Back to template",
    camera: "Camera",
    time: "Time",
    cameraTime: "Camera time: {time} (correction {offset})",
    place: "Place",
    placeEstimated: "{place} (estimated)",
    photographer: "Photographer",
    file: "File",
    size: "Size",
    unknown: "unknown",
    position: "{i} / {n}",
    pickAction: "Pick (P)",
    rejectAction: "Reject (Delete)",
    clearAction: "Back to undecided (U)",
    clearActionHelp: "Neither picked nor set aside: the photo stays in the mission, nothing is deleted.",
    clocksIntro: "Each device and the correction applied to its clock. Fix it when photos land at the wrong moment.",
    colContributor: "Contributor",
    colCamera: "Camera",
    colOffset: "Correction",
    colSource: "Source",
    colConfidence: "Confidence",
    colPhotos: "Photos",
    colActions: "Actions",
    "source.exif-offset": "EXIF offset",
    "source.gps-time": "GPS time",
    "source.aligned": "aligned with the group",
    "source.mission": "set by hand",
    "source.manual": "set by hand",
    colEvidence: "Supporting photos",
    clockEvidence: "{n} of {total}",
    clockEvidenceHelp: "{n} of this device’s {total} photos support the correction (a time zone in the photo, a GPS time, or agreement with the other devices’ photos).",
    clockEvidenceHandSet: "Correction set by hand: {total} photos follow your choice.",
    clockDetected: "Recap suggested {offset}",
    noDevice: "Copies without a camera",
    noDeviceHelp: "These files name no camera (copies sent through a messaging app, for instance): their time comes from the file, there is no clock to correct.",
    "source.none": "none",
    unknownDevice: "Unknown device",
    clockKeep: "Accept the suggested correction",
    clockKeepHelp: "Keep {offset} for this device",
    clockChange: "Enter a correction…",
    clockClear: "This clock is right",
    clockClearHelp: "No correction for this device: its times are right.",
    clockAuto: "Let Recap decide",
    clockAutoHelp: "Forget your choice: Recap corrects this clock from what it detects.",
    clockInput: "Correction for {camera}",
    clockInputHelp: "E.g. “+6 h”, “-5 h 30”, “-360” (minutes) or “6:00”",
    "offset.empty": "Enter a correction, for example “+6 h”.",
    "offset.syntax": "Unreadable correction: try “+6 h”, “-5 h 30”, “-360” or “6:00”.",
    "offset.range": "Correction too large (over {max}).",
    peopleIntro: "The directory: each participant’s display name (credits, captions, filter).",
    colFolder: "Folder",
    colName: "Display name",
    renamePerson: "Display name for {folder}",
    templatesTitle: "Caption templates",
    templatesHelp: "Available fields:",
    templateFr: "French template",
    templateEn: "English template",
    resetTemplate: "Default template",
    introsTitle: "Chapter introductions",
    introFr: "Introduction (French)",
    introEn: "Introduction (English)",
    introEdited: "edited",
    resetIntro: "Automatic text",
    editedCaptions: "{n} captions edited by hand",
    editedCaptionsOne: "1 caption edited by hand",
    apartIntro: "These photos could not be placed in time.",
    noUnplaced: "Every photo found its place.",
    skippedTitle: "Skipped files",
    agendaWarning: "Programme: {message}",
    skip_empty: "empty file",
    skip_not_an_image: "not an image",
    skip_unsupported: "unsupported format",
    skip_truncated: "truncated JPEG",
    skip_permission_denied: "permission denied",
    skip_vanished: "file gone (moved or deleted)",
    skip_symlink_loop: "symbolic link loop (not followed)",
    skip_unreadable: "unreadable",
    skip_not_regular: "not a regular file (pipe, device or folder): skipped without opening it",
    skip_too_large: "file too large for a photo",
    skip_internal: "file that made reading fail (reported, skipped)",
    skip_corrupt: "damaged image",
    skip_no_preview: "RAW file with no embedded preview to show",
    skip_metadata: "metadata that cannot be read or written",
    skip_not_jpeg: "not a JPEG Recap can rewrite",
    summary: "{photos} · {participants} participants · {skipped} skipped files",
    curatingStart: "Comparing photos…",
    curating: "Comparing photos (duplicates, bursts)… {done} / {total}",
    curatingWait: "Available once the photos are compared",
    "error.not_ready": "Not ready yet: {message}",
    exportTitle: "Export the album",
    preset: "Format",
    "preset.facebook": "Facebook (2048 px, captions embedded)",
    "preset.instagram": "Instagram (1080 px square or 4:5)",
    "preset.web": "Web album (open in a browser)",
    "preset.copies": "Captioned original copies",
    exportFolder: "Destination folder",
    relocateTitle: "Photo folder not found",
    relocateText: "This mission’s photo folder “{folder}” cannot be found. If it moved (another drive, a renamed folder), show where it is now: captions, picks and corrections will follow the photos.",
    relocatePick: "Show its new place…",
    relocatePickTitle: "New place of “{folder}”",
    relocateDone: "Folder found: {what}",
    chooseFolder: "Choose…",
    noFolder: "No folder chosen.",
    exportLang: "Caption language",
    startExport: "Export",
    exportDone: "Done in {seconds} s: {written} · {skipped} · {failed}.",
    filesWritten: "{n} files written",
    filesWrittenOne: "1 file written",
    filesWrittenZero: "no files written",
    filesKept: "{n} files already up to date",
    filesKeptOne: "1 file already up to date",
    filesKeptZero: "no file already up to date",
    failures: "{n} failures",
    failuresOne: "1 failure",
    failuresZero: "no failures",
    exportFailed: "Failed files:",
    openFolder: "Open the folder",
    exportNeedsFolder: "First choose a destination folder.",
    exportOutgoingPicks: "{n} picked photos of {of} will go out.",
    exportOutgoingPicksOne: "1 picked photo of {of} will go out.",
    exportOutgoingAll: "{n} photos of {of} will go out (none is picked: all but the set-aside ones).",
    exportOutgoingNone: "No photo will go out: all are set aside.",
    exportGps: "GPS position in the exported photos",
    exportGpsKeep: "Keep the position",
    exportGpsStrip: "Remove the position",
    exportGpsHelp: "By default only original copies keep the position (participants want it); a published photo does not say where it was taken.",
    exportFolderReset: "New format: choose a folder for it.",
    errorTitle: "Something went wrong",
    "error.cancelled": "Cancelled.",
    "error.unavailable": "This feature is not available yet in this version of Recap.",
    "error.invalid": "Invalid request: {message}",
    "error.not_found": "Not found: {message}",
    "error.no_trip": "No mission is open.",
    "error.no_mission": "No mission is open.",
    "error.not_implemented": "This feature is not available yet in this version of Recap.",
    "error.busy": "Another operation is running; wait for it to finish or cancel it.",
    "error.inside_source": "This folder is inside a photo folder: choose another one.",
    "error.io": "Read or write error: {message}",
    "error.nothing": "Nothing to undo or redo.",
    "error.no_such_folder": "Folder not found: {message}",
    "error.mission_corrupt": "The mission file cannot be read: {message}",
    "error.mission_too_new": "This mission file comes from a newer version of Recap.",
    "error.not_a_mission": "This file is not a Recap mission; it was left unchanged.",
    "error.no_such_version": "That version no longer exists.",
    "error.mission_invalid": "The mission file holds an invalid value: {message}",
    "error.mission_serialize": "The mission file could not be written (an internal Recap error): {message}",
    "error.agenda_not_text": "This file is not text, so not an iCalendar programme (.ics).",
    "error.agenda_not_calendar": "This file is not an iCalendar programme (.ics): {message}",
    "error.agenda_syntax": "The iCalendar programme cannot be read: {message}",
    "error.agenda_too_large": "The programme file is too large for a programme.",
    "error.agenda_not_regular": "The programme is not a regular file (a folder, pipe or device).",
    "error.agenda_too_deep": "The file nests too many sections to be a programme.",
    "error.catalog": "The photo catalog (cache) cannot be used: {message}",
    "error.nothing_readable": "No photo could be read in this folder: {message}",
    "error.no_cache_dir": "No cache folder could be found for this user.",
    "error.no_data_dir": "No data folder could be found for this user.",
    "error.internal": "Internal Recap error (please report it): {message}",
    "error.export_locked": "Another export is already writing to this folder (another window or command): wait for it to finish or choose another folder.",
    "error.export_symlink": "The export folder holds a symbolic link where Recap would write; Recap writes and deletes nothing through a link: {message}",
    "error.export_not_empty": "This folder is not empty and holds no Recap export: choose an empty or new folder.",
    "error.export_other_preset": "This folder holds an export of another format: choose another folder for this one.",
    "error.metadata": "The metadata could not be written: {message}",
    "error.not_jpeg": "This file is not a JPEG Recap can rewrite: {message}",
    "error.corrupt": "Damaged image: {message}",
    "error.too_large": "File or image too large: {message}",
    exportWarnings: "Warnings:",
    exportLeftOut: "{n} photos left out.",
    exportLeftOutOne: "1 photo left out.",
    credit: "Credit",
    "error.generic": "Error: {message}",
    dismiss: "Dismiss the message",
    keyboardHelp: "Arrows: move · Enter: open · Delete: reject · P: pick · U: back to undecided · 1–5: stars · C: compare the group · B: best shot · Ctrl+Z: undo",
  },
};

export const LANGS = ["fr", "en"];
export const LOCALES = { fr: "fr-CA", en: "en-CA" };
const MONTHS = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"],
};
const WEEKDAYS = {
  fr: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

let lang = "fr";

export function getLang() { return lang; }
export function locale() { return LOCALES[lang]; }
export function setLang(next) {
  if (!STRINGS[next]) return false;
  lang = next;
  return true;
}
export function otherLang() { return lang === "fr" ? "en" : "fr"; }

/** The string for `key` in the current language (French, then the key itself, as fallbacks). */
export function t(key, vars) {
  let s = STRINGS[lang][key] ?? STRINGS.fr[key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.split("{" + k + "}").join(String(v));
  }
  return s;
}

export function has(key) { return key in STRINGS[lang] || key in STRINGS.fr; }

export function number(n) {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

/** "1 photo", "12 photos", "aucune photo": `base` + "One" / "Zero" variants when they exist. */
export function count(n, base) {
  if (n === 0 && has(base + "Zero")) return t(base + "Zero");
  if (n === 1 && has(base + "One")) return t(base + "One");
  return t(base, { n: number(n) });
}

function ymd(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? m.slice(1).map(Number) : null;
}

/** Day of month as French writes it: 1 → "1er". */
function dom(d) {
  return lang === "fr" && d === 1 ? "1er" : String(d);
}

function weekday(y, mo, d) {
  return WEEKDAYS[lang][new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
}

/** "2017-06-09" → "vendredi 9 juin 2017" / "Friday, June 9, 2017". */
export function dayLong(iso) {
  const p = ymd(iso);
  if (!p) return iso || "";
  const [y, mo, d] = p;
  const month = MONTHS[lang][mo - 1];
  if (!month) return iso;
  return lang === "fr" ? `${weekday(y, mo, d)} ${dom(d)} ${month} ${y}` : `${weekday(y, mo, d)}, ${month} ${d}, ${y}`;
}

/** "2017-06-05" → "lundi 5 juin" / "Monday, June 5". */
export function dayName(iso) {
  const p = ymd(iso);
  if (!p) return iso || "";
  const [y, mo, d] = p;
  const month = MONTHS[lang][mo - 1];
  if (!month) return iso;
  return lang === "fr" ? `${weekday(y, mo, d)} ${dom(d)} ${month}` : `${weekday(y, mo, d)}, ${month} ${d}`;
}

/** A chapter's dates: "4–7 juin", "1er–4 juin", "30 juin – 2 juillet" / "June 4–7". */
export function dateRange(start, end) {
  const a = ymd(start);
  const b = ymd(end) || a;
  if (!a) return "";
  const ma = MONTHS[lang][a[1] - 1];
  const mb = MONTHS[lang][b[1] - 1];
  const sameMonth = a[0] === b[0] && a[1] === b[1];
  const sameDay = sameMonth && a[2] === b[2];
  const yearA = a[0] !== b[0] ? ` ${a[0]}` : "";
  if (lang === "fr") {
    if (sameDay) return `${dom(a[2])} ${ma}`;
    if (sameMonth) return `${dom(a[2])}–${b[2]} ${ma}`;
    return `${dom(a[2])} ${ma}${yearA} – ${dom(b[2])} ${mb}`;
  }
  if (sameDay) return `${ma} ${a[2]}`;
  if (sameMonth) return `${ma} ${a[2]}–${b[2]}`;
  return `${ma} ${a[2]}${yearA} – ${mb} ${b[2]}`;
}

/** "2017-06-04T10:32:00" → "4 juin 2017, 10 h 32" / "June 4, 2017, 10:32". */
export function dateTime(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const month = MONTHS[lang][mo - 1];
  if (!month) return null;
  const mm = String(mi).padStart(2, "0");
  if (lang === "fr") return `${dom(d)} ${month} ${y}, ${h} h ${mm}`;
  return `${month} ${d}, ${y}, ${h}:${mm}`;
}

/** An instant (RFC 3339, e.g. when a mission was opened) in the user's own zone. */
export function instant(iso) {
  const d = new Date(iso || "");
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeStyle: "short" }).format(d);
}

/** "2017-06-09T22:58:00+02:00" → "22 h 58" / "22:58" (the place's own time). */
export function clock(iso) {
  const m = /T(\d{2}):(\d{2})/.exec(iso || "");
  if (!m) return "";
  const h = Number(m[1]);
  return lang === "fr" ? `${h} h ${m[2]}` : `${h}:${m[2]}`;
}

/** "+02:00" at the end of an RFC 3339 time → "UTC+2"; "Z" → "UTC". */
export function utcOffset(iso) {
  const m = /(Z|[+-]\d{2}:\d{2})$/.exec(iso || "");
  if (!m) return "";
  if (m[1] === "Z") return "UTC";
  const [hh, mm] = m[1].slice(1).split(":");
  const sign = m[1][0] === "-" ? "−" : "+";
  const h = Number(hh);
  return mm === "00" ? `UTC${sign}${h}` : `UTC${sign}${h}:${mm}`;
}

/** A clock correction in minutes → "+6 h", "−5 h 30", "0 h". */
export function offset(minutes) {
  const n = Math.round(Number(minutes) || 0);
  const sign = n > 0 ? "+" : n < 0 ? "−" : "";
  const h = Math.floor(Math.abs(n) / 60);
  const mi = Math.abs(n) % 60;
  return mi ? `${sign}${h} h ${String(mi).padStart(2, "0")}` : `${sign}${h} h`;
}

/** 0.7 → "70 %" (fr-CA) / "70%". */
export function percent(x) {
  return new Intl.NumberFormat(LOCALES[lang], { style: "percent", maximumFractionDigits: 0 }).format(Number(x) || 0);
}

/** A place, flagged when estimated. */
export function placeText(name, source) {
  if (!name) return t("noPlace");
  return source === "estimated" ? t("placeEstimated", { place: name }) : name;
}
