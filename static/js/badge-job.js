// Badge batch page: follow the background job's progress; reload once it has finished,
// so the server renders the download link (or the error).
(function () {
  "use strict";
  var box = document.querySelector("[data-badge-job]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-badge-job");
  var bar = box.querySelector("progress");
  var labels = JSON.parse(box.getAttribute("data-status-labels") || "{}");
  var finished = ["done", "failed"];
  if (finished.indexOf(box.getAttribute("data-status")) !== -1) { return; }

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.done;
    box.querySelector("[data-badge-job-done]").textContent = state.done;
    box.querySelector("[data-badge-job-total]").textContent = state.total;
    box.querySelector("[data-badge-job-status]").textContent = labels[state.status] || state.status;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        show(state);
        if (finished.indexOf(state.status) !== -1) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
