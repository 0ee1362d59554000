// A small TripWire shaped like the demo's: two chapters, three days.
export function photo(id, contributor, extra = {}) {
  return { id, path: `/p/${contributor}/${id}.jpg`, fileName: `IMG_${id}.jpg`, localTime: "2017-06-05T10:00:00+02:00", contributor, device: `${contributor}-cam`, caption: `c${id}`, captionEdited: false, pick: null, stars: 0, group: null, groupSize: 0, ...extra };
}

export function trip() {
  let id = 0;
  const many = (n, who, extra) => Array.from({ length: n }, () => photo(id++, who, extra));
  return {
    mission: "Demo",
    picksPerChapter: null,
    plan: {
      chapters: [
        { id: "angers", title: "Angers", kind: "stage", start: "2017-06-05", end: "2017-06-06", photos: 10, days: [
          { date: "2017-06-05", photos: 7, moments: [
            { id: "m1", title: "Accueil", place: "Angers", start: "2017-06-05T09:00", end: "2017-06-05T10:00", photos: many(5, "alice") },
            { id: "m2", title: null, place: "Angers", start: "2017-06-05T14:00", end: "2017-06-05T15:00", photos: many(2, "bob") },
          ] },
          { date: "2017-06-06", photos: 3, moments: [
            { id: "m3", title: null, place: null, start: "2017-06-06T09:00", end: "2017-06-06T10:00", photos: many(3, "alice", { pick: "pick" }) },
          ] },
        ] },
        { id: "nantes", title: "Nantes", kind: "stage", start: "2017-06-08", end: "2017-06-08", photos: 4, days: [
          { date: "2017-06-08", photos: 4, moments: [
            { id: "m4", title: "Web2Day", place: "Nantes", start: "2017-06-08T09:00", end: "2017-06-08T10:00", photos: [...many(2, "bob", { captionEdited: true }), ...many(2, "carol", { group: "g1", groupSize: 2 })] },
          ] },
        ] },
      ],
      devices: [],
      unplaced: [],
      agendaWarnings: [],
    },
  };
}
