// The endorsement desk (/endorse-desk), on a tablet beside the signing table. Staff scan the
// signatory's badge (camera or keyboard wedge); POST /api/v1/endorsements/preview says who it
// is and whether they may sign; the signatory checks the title and presses the big button,
// which POSTs /api/v1/endorsements with a nonce made for this signing (a retry after a
// network failure reuses it, so it never counts twice). What is shown is in desk/view.js.
// Configuration and every word shown come from data-* attributes on #desk (CSP).

import { jsonData, pageLocale, postJson, refusalKey, translator } from "./lib/client.js";
import { cameraToggle } from "./lib/camera.js";
import { nonce } from "./lib/crypto.js";
import { createFeedback } from "./lib/feedback.js";
import { attachWedge, hasFinePointer } from "./lib/wedge.js";
import { hideConfirm, showAnswer, showChecking, showConfirm, showError, showIdle } from "./desk/view.js";

const TIMEOUT_MS = 8000;

const root = document.getElementById("desk");
if (root && root.dataset.previewUrl) { start(createDesk(root)); }

// The desk's configuration, elements and state, handed to every function below.
function createDesk(root) {
  const config = {
    csrfToken: root.dataset.csrfToken,
    previewUrl: root.dataset.previewUrl,
    endorseUrl: root.dataset.endorseUrl,
    timeZone: root.dataset.timezone,
    locale: pageLocale(document),
    categories: jsonData(root, "categories", {}),
    messages: jsonData(root, "messages", {})
  };
  return {
    config,
    t: translator(config.messages),
    fetch: window.fetch.bind(window),
    feedback: createFeedback(window),
    camera: null,
    el: findElements(),
    // One signing at a time: current is {code, nonce, answer} of the badge read; busy is
    // true while a request is out.
    state: { current: null, busy: false, answers: 0, wedgeUsed: false }
  };
}

function findElements() {
  const byId = (id) => document.getElementById("desk-" + id);
  return {
    panel: byId("result"), confirm: byId("confirm"), title: byId("title"),
    confirmButton: byId("confirm-button"), confirmStatus: byId("confirm-status"), next: byId("next"),
    commitment: byId("commitment"),
    code: byId("code"), cameraToggle: byId("camera-toggle"), cameraStatus: byId("camera-status"),
    video: byId("video"), sound: byId("sound")
  };
}

function post(desk, url, body) {
  return postJson(url, body, { fetch: desk.fetch, csrfToken: desk.config.csrfToken, timeoutMs: TIMEOUT_MS });
}

function refusalText(desk, outcome) {
  return desk.t(refusalKey(outcome) || "server_error", { message: outcome.message });
}

async function lookUp(desk, code, fromCamera) {
  const { state, el } = desk;
  if (state.busy) { return; }
  // The camera sees the badge on the table many times over: once is enough.
  if (fromCamera && state.current && state.current.code === code) { return; }
  state.busy = true;
  state.current = { code, nonce: null, answer: null };
  hideConfirm(desk);
  el.next.hidden = false;
  showChecking(desk);
  const outcome = await post(desk, desk.config.previewUrl, { code });
  state.busy = false;
  if (outcome.kind === "unreachable") { return showError(desk, desk.t("offline")); }
  if (outcome.kind === "refused") { return showError(desk, refusalText(desk, outcome)); }
  state.current.answer = outcome.data;
  showAnswer(desk, outcome.data);
  if (outcome.data.status === "eligible") {
    state.current.nonce = nonce(window.crypto);
    showConfirm(desk, outcome.data);
  }
}

async function confirmSigning(desk) {
  const { state, el, t } = desk;
  const current = state.current;
  if (state.busy || !current || !current.nonce) { return; }
  state.busy = true;
  el.confirmButton.disabled = true;
  el.confirmStatus.textContent = t("saving");
  const title = el.title.value.trim();
  const outcome = await post(desk, desk.config.endorseUrl, { code: current.code, nonce: current.nonce, title: title || null });
  state.busy = false;
  if (outcome.kind !== "answer") {
    el.confirmButton.disabled = false;
    // Unreachable: the same nonce is sent again, so the retry cannot sign twice.
    el.confirmStatus.textContent = outcome.kind === "unreachable" ? t("retry") : refusalText(desk, outcome);
    return;
  }
  current.nonce = null;
  hideConfirm(desk);
  showAnswer(desk, { position_title: title || current.answer.position_title, ...outcome.data });
  focusWedge(desk);
}

function nextSignatory(desk) {
  if (desk.state.busy) { return; }
  desk.state.current = null;
  hideConfirm(desk);
  desk.el.next.hidden = true;
  showIdle(desk);
  focusWedge(desk);
}

// The wedge field takes the next badge; on a touch screen only once a scanner was used
// there (focusing a field opens the on-screen keyboard).
function focusWedge(desk) {
  if (!desk.camera.active() && (hasFinePointer(window) || desk.state.wedgeUsed)) {
    desk.el.code.focus({ preventScroll: true });
  }
}

function start(desk) {
  const { el } = desk;
  desk.camera = cameraToggle({
    button: el.cameraToggle, status: el.cameraStatus, video: el.video,
    onCode: (code) => lookUp(desk, code, true), text: desk.t,
    onPress: desk.feedback.unlock
  });
  attachWedge(el.code, (code) => {
    desk.state.wedgeUsed = true;
    lookUp(desk, code, false);
  });
  el.confirm.addEventListener("submit", (event) => {
    event.preventDefault();
    confirmSigning(desk);
  });
  el.next.addEventListener("click", () => nextSignatory(desk));
  focusWedge(desk);
}
