// Nonces and hashes from the Web Crypto API, which the page hands in (window.crypto in a
// browser, globalThis.crypto in Node's tests).

// A UUID v4 for an idempotent request. crypto.randomUUID needs a secure context; plain
// http on a venue network falls back to getRandomValues.
export function nonce(crypto) {
  if (typeof crypto.randomUUID === "function") { return crypto.randomUUID(); }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

// The SHA-256 of ``text`` in hex, as the roster keys badges; null where crypto.subtle is
// missing (plain http other than localhost): such scans are queued unanswered.
export async function sha256Hex(text, crypto) {
  if (!(crypto && crypto.subtle)) { return null; }
  try {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return toHex(new Uint8Array(digest));
  } catch {
    return null;
  }
}

function toHex(bytes) {
  return Array.from(bytes, (byte) => (byte + 256).toString(16).slice(1)).join("");
}
