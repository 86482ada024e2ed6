// Nonces and roster hashes (static/js/lib/crypto.js), with the Web Crypto API handed in.
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { test } from "node:test";

import { nonce, sha256Hex } from "../../static/js/lib/crypto.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("a nonce is a UUID v4, a new one each time", () => {
  const made = new Set(Array.from({ length: 50 }, () => nonce(webcrypto)));
  assert.equal(made.size, 50);
  for (const value of made) { assert.match(value, UUID_V4); }
});

test("without randomUUID (plain http) the nonce is still a UUID v4", () => {
  const insecure = { getRandomValues: (bytes) => webcrypto.getRandomValues(bytes) };
  assert.match(nonce(insecure), UUID_V4);
  const zeros = { getRandomValues: (bytes) => bytes.fill(0) };
  assert.equal(nonce(zeros), "00000000-0000-4000-8000-000000000000");
});

test("the hash is the server's code_hash: SHA-256 of the secret, in hex", async () => {
  // hashlib.sha256(b"Abcdefghijklmnop_-12").hexdigest()
  assert.equal(await sha256Hex("Abcdefghijklmnop_-12", webcrypto), "f303db00760d76f7e6a9979aee389a2adb709dde6c9aa8c242e629a1fbf96a5b");
  assert.equal(await sha256Hex("abc", webcrypto), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("no crypto.subtle, or a failing one: no hash", async () => {
  assert.equal(await sha256Hex("abc", {}), null);
  assert.equal(await sha256Hex("abc", undefined), null);
  assert.equal(await sha256Hex("abc", { subtle: { digest: () => Promise.reject(new Error("no")) } }), null);
});
