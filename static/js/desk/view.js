// What the endorsement desk shows: the signatory panel and the confirmation form. Every
// function takes the desk (see desk.js) and touches only its elements.

import { clearFields, formatDateTime, setField } from "../lib/client.js";

const TONE = {
  eligible: "ok", ok: "ok", already_endorsed: "warn", window_closed: "warn",
  not_eligible: "bad", unknown: "bad", revoked: "bad", error: "bad"
};
const PERSON_FIELDS = ["name", "place", "title"];

// The delegate's country flag beside their place (vendored SVGs), hidden without a delegate.
function showFlag(panel, country) {
  const img = panel.querySelector("[data-flag]");
  if (!img) { return; }
  img.hidden = !country;
  if (country) { img.src = img.dataset.flagBase + country.toLowerCase() + ".svg"; } else { img.removeAttribute("src"); }
}

function paint(desk, status, tone) {
  desk.state.answers += 1;
  desk.el.panel.className = "scan-result desk-result scan-result-" + tone;
  desk.el.panel.dataset.status = status;
  desk.el.panel.dataset.answers = String(desk.state.answers);
}

// Once the city has endorsed, the desk's next step: a link to record its commitment.
function showCommitmentLink(desk, data) {
  const box = desk.el.commitment;
  if (!box) { return; }
  const url = data && data.commitment_url;
  box.hidden = !url;
  const link = box.querySelector("a");
  if (url) {
    link.href = url;
    link.textContent = desk.t("record_commitment", { city: data.delegate ? data.delegate.city : "" });
  } else {
    link.removeAttribute("href");
  }
}

// The panel waiting for the next badge.
export function showIdle(desk) {
  const { el, t } = desk;
  showCommitmentLink(desk, null);
  el.panel.className = "scan-result desk-result scan-result-idle";
  el.panel.dataset.status = "";
  setField(el.panel, "status", t("ready"));
  clearFields(el.panel, PERSON_FIELDS);
  showFlag(el.panel, null);
  setField(el.panel, "reason", t("ready_reason"));
}

// The panel while the server is asked about a badge.
export function showChecking(desk) {
  const { el, t } = desk;
  el.panel.className = "scan-result desk-result scan-result-idle";
  el.panel.dataset.status = "checking";
  showCommitmentLink(desk, null);
  setField(el.panel, "status", t("checking"));
  clearFields(el.panel, [...PERSON_FIELDS, "reason"]);
  showFlag(el.panel, null);
}

// The server's answer about a badge or a signing, with its tone.
export function showAnswer(desk, data) {
  const { el, t } = desk;
  const delegate = data.delegate;
  const tone = TONE[data.status] || "bad";
  paint(desk, data.status, tone);
  setField(el.panel, "status", t("status_" + data.status));
  setField(el.panel, "name", delegate ? delegate.name : "");
  setField(el.panel, "place", delegate ? [delegate.city, delegate.country_name || delegate.country].join(", ") : "");
  showFlag(el.panel, delegate ? delegate.country : null);
  setField(el.panel, "title", titleLine(desk, data));
  setField(el.panel, "reason", reason(desk, data));
  showCommitmentLink(desk, data);
  if (el.sound.checked) { desk.feedback.play(tone); }
}

// A failure to get an answer, in the page's words.
export function showError(desk, text) {
  const { el, t } = desk;
  paint(desk, "error", "bad");
  showCommitmentLink(desk, null);
  setField(el.panel, "status", t("status_error"));
  clearFields(el.panel, PERSON_FIELDS);
  showFlag(el.panel, null);
  setField(el.panel, "reason", text);
  if (el.sound.checked) { desk.feedback.play("bad"); }
}

function titleLine(desk, data) {
  const delegate = data.delegate;
  if (!delegate) { return ""; }
  const category = desk.config.categories[delegate.category] || delegate.category;
  const title = data.position_title || "";
  return title && title.toLowerCase() !== String(category).toLowerCase() ? title + " · " + category : title || category;
}

function reason(desk, data) {
  const { config, t } = desk;
  const city = data.delegate ? data.delegate.city : "";
  switch (data.status) {
    case "already_endorsed":
      return t("reason_already_endorsed", {
        name: data.endorsed_by || "",
        date: formatDateTime(data.endorsed_at, { locale: config.locale, timeZone: config.timeZone })
      });
    case "eligible":
    case "ok":
      return t("reason_" + data.status, { city });
    case "not_eligible":
      return data.message || "";  // the server says why, in the page's language
    default:
      return config.messages["reason_" + data.status] || data.message || "";
  }
}

// The form where the signatory checks the title and confirms.
export function showConfirm(desk, data) {
  const { el, t } = desk;
  el.title.value = data.position_title || "";
  el.confirmButton.textContent = t("confirm", { city: data.delegate.city });
  el.confirmButton.disabled = false;
  el.confirmStatus.textContent = "";
  el.confirm.hidden = false;
}

// Hides the confirmation form.
export function hideConfirm(desk) {
  desk.el.confirm.hidden = true;
  desk.el.confirmStatus.textContent = "";
}
