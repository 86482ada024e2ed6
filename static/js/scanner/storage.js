// What the scanner keeps on the device between page loads, per edition: the offline queue,
// the conflicts found on upload, each checkpoint's roster and the last checkpoint used.

// A store {load(key, fallback), list(key), save(key, value)} over ``storage`` (localStorage)
// with every key under ``prefix``. Storage that is full, disabled or holds rubbish must
// not stop the scanner: it then works from memory.
export function createStore(storage, prefix) {
  const load = (key, fallback) => {
    try {
      const raw = storage.getItem(prefix + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  };
  return {
    load,
    list: (key) => {
      const value = load(key, []);
      return Array.isArray(value) ? value : [];
    },
    save: (key, value) => {
      try {
        storage.setItem(prefix + key, JSON.stringify(value));
      } catch {
        // Storage full or disabled: keep working from memory.
      }
    }
  };
}

// The key prefix of one edition's scanner data (the browser tests read it too).
export function storePrefix(edition) {
  return "forum-scanner:" + edition + ":";
}
