// What the wall shows, worked out from one answer of the endorsements feed. Pure: no DOM.

import { groupByRegion } from "./polling.js";

export function entryKey(entry) { return entry.city + "|" + entry.country; }

// The wall's content: the count, the newest signatory (the feed is newest first), and each
// entry marked new when it was not in the previous answer (never on the first answer).
export function wallView(data, previousKeys) {
  const newestKey = data.endorsements.length ? entryKey(data.endorsements[0]) : null;
  const items = data.endorsements.map((entry) => ({
    entry,
    isNewest: entryKey(entry) === newestKey,
    isNew: previousKeys !== null && !previousKeys.has(entryKey(entry))
  }));
  const groups = groupByRegion(items.map((item) => ({ ...item, region_name: item.entry.region_name })));
  return {
    count: data.count,
    newest: items.length ? items[0].entry : null,
    items,
    groups,
    keys: new Set(data.endorsements.map(entryKey))
  };
}

// The wall's type size for ``count`` cities, so that hundreds still fit on one screen: the
// class to put on the wall ("" at first), from the thresholds the page carries.
export function densityClass(count, denseFrom, denserFrom) {
  if (count >= denserFrom) { return "is-denser"; }
  return count >= denseFrom ? "is-dense" : "";
}
