// Pure helpers of the pages that poll the server (the wall, the arrivals board).

// The pause before the next poll: ``intervalMs`` while all is well, doubling with each
// failure in a row up to ``maxMs``, so a venue's flaky network is not hammered.
export function backoffDelay(intervalMs, failures, maxMs = 30000) {
  return Math.min(intervalMs * Math.pow(2, failures), maxMs);
}

// The wall's endorsements grouped by region: [[region name, entries]] sorted by name,
// each group keeping the order of ``entries``; a missing region is "".
export function groupByRegion(entries) {
  const byRegion = new Map();
  for (const entry of entries) {
    const name = entry.region_name || "";
    if (!byRegion.has(name)) { byRegion.set(name, []); }
    byRegion.get(name).push(entry);
  }
  return Array.from(byRegion.keys()).sort().map((name) => [name, byRegion.get(name)]);
}
