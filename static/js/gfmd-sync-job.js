// Summit sync page: follow the background sync; reload once it has stopped running,
// so the server renders what it did (or what it would do, waiting for a confirmation).
(function () {
  "use strict";
  var box = document.querySelector("[data-sync-job]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-sync-job");
  var words = JSON.parse(box.getAttribute("data-words") || "{}");
  var running = ["queued", "running"];
  if (running.indexOf(box.getAttribute("data-status")) === -1) { return; }

  function show(state) {
    box.querySelector("[data-sync-job-status]").textContent = words[state.status] || state.status;
    var step = state.step ? words["step:" + state.step] || state.step : "";
    box.querySelector("[data-sync-job-step]").textContent = step ? "· " + step : "";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        show(state);
        if (running.indexOf(state.status) === -1) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
