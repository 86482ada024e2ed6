// "Select all on this page" also ticks the boxes on screen, so what is sent is what is seen.
// Without JavaScript the server reads the box itself and acts on every entry the page lists.
const all = document.querySelector("[data-select-all]");
if (all) {
  const boxes = () => document.querySelectorAll("input.bulk-pick");
  all.addEventListener("change", () => {
    boxes().forEach((box) => {
      box.checked = all.checked;
    });
  });
  boxes().forEach((box) => {
    box.addEventListener("change", () => {
      if (!box.checked) all.checked = false;
    });
  });
}
