// Reading badges with the camera, shared by the scanner and the endorsement desk. Frames go
// to the vendored jsQR (static/vendor/jsqr/), fetched after the page has loaded rather than
// before its script may run: 250 kB that a wedge-only desk does not wait for. This module
// holds no text: the page's words come in through ``text``.

// jsQR's UMD bundle, which run as a module defines self.jsQR.
const JSQR_URL = new URL("../../vendor/jsqr/jsQR.js", import.meta.url).href;
const CAMERA_EVERY_MS = 120;
const CAMERA_MAX_SIDE = 800;
const SAME_CODE_QUIET_MS = 3000;

// Films with the back camera into ``video`` and calls onCode(text) for each badge seen;
// decodeQr is jsQR's function. Resolves to {stop()}; rejects with error.reason
// "unsupported" (no camera API or no decoder) or "denied" (no permission, no camera).
export async function startCamera({ video, canvas, onCode, decodeQr, mediaDevices }) {
  if (!(mediaDevices && mediaDevices.getUserMedia) || typeof decodeQr !== "function") {
    throw cameraError("unsupported");
  }
  let stream;
  try {
    stream = await mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } }
    });
  } catch (error) {
    throw cameraError("denied", error.message || error.name);
  }
  return film({ stream, video, canvas: canvas || video.ownerDocument.createElement("canvas"), onCode, decodeQr });
}

function cameraError(reason, message) {
  const error = new Error(message || reason);
  error.reason = reason;
  return error;
}

async function film({ stream, video, canvas, onCode, decodeQr }) {
  const camera = { timer: null, stopped: false, last: "", lastSeen: 0 };
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const readSoon = () => {
    if (!camera.stopped) { camera.timer = setTimeout(readFrame, CAMERA_EVERY_MS); }
  };
  const readFrame = () => {
    if (camera.stopped) { return; }
    const text = decode(video, canvas, context, decodeQr);
    if (text && isNewSighting(camera, text, Date.now())) { onCode(text); }
    readSoon();
  };
  const stop = () => {
    camera.stopped = true;
    clearTimeout(camera.timer);
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
    video.hidden = true;
  };
  video.srcObject = stream;
  video.hidden = false;
  await video.play().catch(() => { /* a muted video plays anyway once data arrives */ });
  readSoon();
  return { stop };
}

// A badge held in front of the lens is one scan; it counts again once it has been out of
// sight for a few seconds (or another badge came between).
function isNewSighting(camera, text, now) {
  const isNew = text !== camera.last || now - camera.lastSeen > SAME_CODE_QUIET_MS;
  camera.last = text;
  camera.lastSeen = now;
  return isNew;
}

function decode(video, canvas, context, decodeQr) {
  if (video.readyState < 2 || !video.videoWidth) { return ""; }
  const scale = Math.min(1, CAMERA_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  canvas.width = width;
  canvas.height = height;
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  const found = decodeQr(image.data, width, height, { inversionAttempts: "dontInvert" });
  return found && found.data ? found.data : "";
}

// The page's Start/Stop camera button (aria-pressed) and the status line beside it. The
// words come from the page: text(key, values) is asked for camera_start, camera_stop,
// camera_starting, camera_on, camera_unsupported and camera_denied ({message}). onPress runs
// on each press (the pages unlock audio there). The camera stops on a second press and when
// the page is left. Returns {active(), stop()}: active() says whether it films (the pages
// leave the wedge field unfocused meanwhile). Other options as for startCamera.
export function cameraToggle(options) {
  const { button, status, onPress } = options;
  const win = button.ownerDocument.defaultView;
  // camera: {stop()} while it films; decoder: the promise of jsQR, null until asked for.
  const toggle = { camera: null, starting: false, decoder: null };
  warmUpDecoder(toggle, win);
  const stop = () => {
    if (toggle.camera) { toggle.camera.stop(); }
    toggle.camera = null;
    showPressed(options, false);
    status.textContent = "";
  };
  button.addEventListener("click", () => {
    if (onPress) { onPress(); }
    if (toggle.starting) { return; }
    if (toggle.camera) { stop(); } else { startFilming(toggle, options, win); }
  });
  win.addEventListener("pagehide", stop);
  return { active: () => toggle.camera !== null, stop };
}

async function startFilming(toggle, options, win) {
  const { status, text } = options;
  toggle.starting = true;
  status.textContent = text("camera_starting");
  try {
    const decodeQr = await decoder(toggle, win);
    toggle.camera = await startCamera({ ...options, decodeQr, mediaDevices: win.navigator.mediaDevices });
    showPressed(options, true);
    status.textContent = text("camera_on");
  } catch (error) {
    status.textContent = error.reason === "unsupported"
      ? text("camera_unsupported") : text("camera_denied", { message: error.message });
  } finally {
    toggle.starting = false;
  }
}

function showPressed({ button, text }, pressed) {
  button.textContent = text(pressed ? "camera_stop" : "camera_start");
  button.setAttribute("aria-pressed", String(pressed));
}

// jsQR, loaded once; a failed load (the network dropped) is tried again on the next press.
function decoder(toggle, win) {
  if (!toggle.decoder) {
    toggle.decoder = import(JSQR_URL).then(() => win.jsQR, () => {
      toggle.decoder = null;
      return null;
    });
  }
  return toggle.decoder;
}

// Fetches jsQR once the page has loaded, so the first press of the button films at once.
function warmUpDecoder(toggle, win) {
  const warmUp = () => decoder(toggle, win);
  if (win.document.readyState === "complete") {
    warmUp();
  } else {
    win.addEventListener("load", warmUp, { once: true });
  }
}
