// What the staff pages' scripts share: the words a page hands them, JSON requests in the
// API's error envelope {"error": {"code", "message"}}, the result panel's fields, and times
// shown in the edition's time zone (never the device's: a phone set to its owner's home zone
// must still say when a delegate arrived in Marrakech time). Nothing here runs on import.

export const REQUEST_TIMEOUT_MS = 8000;
const BUSY_RETRIES = 2;
const BUSY_DELAY_MS = 500;
const BUSY_MAX_DELAY_MS = 5000;

// ---- words ---------------------------------------------------------------------------

// The page's word for ``key`` with each {name} replaced by values[name]; the key itself when
// the page gave none (a missing word shows up in a test instead of as a blank).
export function translate(messages, key, values = {}) {
  let text = messages[key] || key;
  for (const [name, value] of Object.entries(values)) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

// A t(key, values) bound to one page's messages.
export function translator(messages) {
  return (key, values) => translate(messages, key, values);
}

// A JSON data attribute of ``element`` (data-foo-bar is name "fooBar"); ``fallback`` when
// it is missing or not JSON, so a half-rendered page degrades instead of throwing.
export function jsonData(element, name, fallback) {
  const raw = element.dataset[name];
  if (raw === undefined) { return fallback; }
  try {
    return JSON.parse(raw);
  } catch {
    return fallback;
  }
}

// ---- the result panel ----------------------------------------------------------------

// Sets the text of the [data-field=name] element inside ``panel``.
export function setField(panel, name, text) {
  panel.querySelector('[data-field="' + name + '"]').textContent = text || "";
}

// Empties several fields of ``panel`` at once.
export function clearFields(panel, names) {
  for (const name of names) { setField(panel, name, ""); }
}

// ---- time ----------------------------------------------------------------------------

// The page's language, as Intl wants it (undefined lets Intl pick the browser's).
export function pageLocale(doc) {
  return doc.documentElement.lang || undefined;
}

// Hours and minutes of an ISO time (now when none) in ``timeZone``, the edition's IANA zone,
// on the language's own clock (13:45 in French, 1:45 PM in English), as the server writes it.
export function formatClock(iso, { locale, timeZone }) {
  return formatIn(iso ? new Date(iso) : new Date(), locale, { timeStyle: "short", timeZone });
}

// A long date and a short time of an ISO time in ``timeZone``, the edition's IANA zone.
export function formatDateTime(iso, { locale, timeZone }) {
  return formatIn(new Date(iso), locale, { dateStyle: "long", timeStyle: "short", timeZone });
}

// An unknown zone or locale makes Intl throw; the device's zone and language are better than
// nothing, in the same shape. Western digits always, Arabic too, as the server writes them.
function formatIn(date, locale, options) {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, numberingSystem: "latn" }).format(date);
  } catch {
    const deviceOptions = { ...options };
    delete deviceOptions.timeZone;
    return new Intl.DateTimeFormat(undefined, deviceOptions).format(date);
  }
}

// Intl's plural category of ``count`` in ``locale`` ("one", "other", …).
export function pluralCategory(count, locale) {
  try {
    return new Intl.PluralRules(locale).select(count);
  } catch {
    return count === 1 ? "one" : "other";
  }
}

// ---- requests ------------------------------------------------------------------------

// fetch() that gives up after ``timeoutMs``: a stalled venue network must not freeze a page.
export function fetchWithTimeout(fetchFn, url, options, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const settings = { credentials: "same-origin", cache: "no-store", ...options, signal: controller.signal };
  return Promise.resolve()
    .then(() => fetchFn(url, settings))
    .finally(() => clearTimeout(timer));
}

// One JSON request, answered as an outcome the pages can switch on:
//   {kind: "answer", status, data}                the server answered (2xx, JSON)
//   {kind: "unreachable", status, code, message}  no answer now: network, timeout, 5xx, 429
//   {kind: "refused", status, code, message}      the server said no (4xx), from the envelope
// An envelope with code "busy" is asked again after a pause (so the request must be
// idempotent, as the scan and desk APIs are by their nonce). ``fetch`` and ``sleep`` are
// options so that tests hand in fakes.
export async function requestJson(url, options = {}) {
  const retries = options.busyRetries ?? BUSY_RETRIES;
  const sleep = options.sleep || delay;
  for (let attempt = 0; ; attempt += 1) {
    const { outcome, retryAfter } = await requestOnce(url, options);
    if (outcome.code !== "busy" || attempt >= retries) { return outcome; }
    await sleep(busyDelay(retryAfter, attempt, options.busyDelayMs ?? BUSY_DELAY_MS));
  }
}

// POST ``body`` as JSON with the page's CSRF token; see requestJson for the outcome.
export function postJson(url, body, options = {}) {
  return requestJson(url, { ...options, method: "POST", body });
}

async function requestOnce(url, options) {
  const fetchFn = options.fetch || ((...args) => globalThis.fetch(...args));
  let response;
  try {
    response = await fetchWithTimeout(fetchFn, url, {
      method: options.method || "GET",
      headers: requestHeaders(options),
      body: options.body === undefined ? undefined : JSON.stringify(options.body)
    }, options.timeoutMs || REQUEST_TIMEOUT_MS);
  } catch {
    return { outcome: { kind: "unreachable", status: 0, code: "", message: "" }, retryAfter: null };
  }
  const data = await response.json().catch(() => null);
  return { outcome: outcomeOf(response, data), retryAfter: retryAfterSeconds(response) };
}

function requestHeaders(options) {
  const headers = { "Accept": "application/json" };
  if (options.body !== undefined) { headers["Content-Type"] = "application/json"; }
  if (options.csrfToken) { headers["X-CSRFToken"] = options.csrfToken; }
  return headers;
}

function outcomeOf(response, data) {
  if (response.ok && data !== null) {
    return { kind: "answer", status: response.status, data };
  }
  const error = (data && data.error) || {};
  const unreachable = response.status >= 500 || response.status === 429;
  return {
    kind: unreachable ? "unreachable" : "refused",
    status: response.status,
    code: error.code || "",
    // Unreachable keeps only the server's own words: a proxy's "Bad Gateway" says less than
    // the page's "the network did not answer".
    message: error.message || (unreachable ? "" : response.statusText || String(response.status))
  };
}

function retryAfterSeconds(response) {
  const value = response.headers && response.headers.get ? response.headers.get("Retry-After") : null;
  const seconds = Number(value);
  return value !== null && value !== "" && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

// The server's Retry-After when it gave one (capped), else a pause that grows per attempt.
function busyDelay(retryAfter, attempt, baseMs) {
  const asked = retryAfter === null ? baseMs * (attempt + 1) : retryAfter * 1000;
  return Math.min(asked, BUSY_MAX_DELAY_MS);
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Which refusal a person must fix before requests can succeed: the message key
// "sign_in_again" (the session ended) or "reload" (the page's CSRF token is stale), or null.
export function refusalKey(outcome) {
  if (outcome.kind !== "refused") { return null; }
  if (outcome.status === 401 || outcome.status === 403) { return "sign_in_again"; }
  if (outcome.code === "csrf_failed") { return "reload"; }
  return null;
}

// ---- order -----------------------------------------------------------------------------

// A runner that starts each piece of async work only when the previous one has settled,
// so answers appear in the order the badges were read. A failure is reported to
// ``onError`` and does not stop the work after it.
export function inOrder(onError) {
  let chain = Promise.resolve();
  return (work) => {
    chain = chain.then(work).catch(onError);
    return chain;
  };
}
