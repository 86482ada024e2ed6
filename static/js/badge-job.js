// Badge batch page: follow the background job's progress; reload once it has finished,
// so the server renders the download link (or the error).

import { jsonData, requestJson } from "./lib/client.js";

const FINISHED = ["done", "failed"];
const POLL_MS = 1000;
const AFTER_FAILURE_MS = 5000;

const box = document.querySelector("[data-badge-job]");
if (box && !FINISHED.includes(box.getAttribute("data-status"))) { start(box); }

function show(box, labels, job) {
  const bar = box.querySelector("progress");
  bar.max = Math.max(job.total, 1);
  bar.value = job.done;
  box.querySelector("[data-badge-job-done]").textContent = job.done;
  box.querySelector("[data-badge-job-total]").textContent = job.total;
  box.querySelector("[data-badge-job-status]").textContent = labels[job.status] || job.status;
}

function start(box) {
  const url = box.getAttribute("data-badge-job");
  const labels = jsonData(box, "statusLabels", {});
  const poll = async () => {
    const outcome = await requestJson(url, { fetch: window.fetch.bind(window) });
    if (outcome.kind === "unreachable" && outcome.status === 0) {  // no network: ask later
      window.setTimeout(poll, AFTER_FAILURE_MS);
      return;
    }
    if (outcome.kind !== "answer") { return; }  // the server said no (signed out, gone): stop
    show(box, labels, outcome.data);
    if (FINISHED.includes(outcome.data.status)) {
      window.location.reload();
    } else {
      window.setTimeout(poll, POLL_MS);
    }
  };
  window.setTimeout(poll, 500);
}
