// The keyboard wedge: a USB or Bluetooth scanner types the badge's code into the focused
// field, then Enter. Shared by the scanner and the endorsement desk.

// Calls onCode(code) for each code entered in ``input`` (Enter, or its form's submit). The
// field is emptied at once, so the next badge starts clean; blank input is ignored.
export function attachWedge(input, onCode) {
  const take = (event) => {
    event.preventDefault();
    const code = String(input.value || "").trim();
    input.value = "";
    if (code) { onCode(code); }
  };
  if (input.form) {
    input.form.addEventListener("submit", take);
    // The page keeps the form's buttons disabled until now, so that an Enter before this
    // ran could not submit the form natively (and navigate away with the code in the
    // address). Characters a scanner typed meanwhile stay in the field: the Enter that
    // ends them, once here, sends the whole code.
    input.form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = false; });
    input.disabled = false;
  } else {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { take(event); }
    });
  }
}

// Whether the device has a mouse or trackpad: there focusing the wedge field costs nothing,
// while on a touch screen it opens the on-screen keyboard over the answer.
export function hasFinePointer(win) {
  return Boolean(win.matchMedia && win.matchMedia("(pointer: fine)").matches);
}
