// Progressive enhancements of every page; every page works without this file.

// A "select all" checkbox (data-select-all="name") ticks every checkbox of that name.
function wireSelectAll(doc) {
  doc.querySelectorAll("input[data-select-all]").forEach((master) => {
    const name = master.getAttribute("data-select-all");
    master.addEventListener("change", () => {
      doc.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach((box) => {
        box.checked = master.checked;
      });
    });
  });
}

// A form's error summary takes the focus, so a screen reader reads it first.
function focusErrorSummary(doc) {
  const summary = doc.querySelector(".error-summary");
  if (summary) { summary.focus(); }
}

wireSelectAll(document);
focusErrorSummary(document);
