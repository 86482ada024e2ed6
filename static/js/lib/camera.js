// Reading badges with the camera, shared by the scanner and the endorsement desk. Frames go
// to a QR decoder the page hands in (the vendored jsQR, static/vendor/jsqr/, which loads as
// a classic script before the page's module). This module holds no text: the page's words
// come in through ``text``.

const CAMERA_EVERY_MS = 120;
const CAMERA_MAX_SIDE = 800;
const SAME_CODE_QUIET_MS = 3000;

// Films with the back camera into ``video`` and calls onCode(text) for each badge seen.
// Resolves to {stop()}; rejects with error.reason "unsupported" (no camera API or decoder)
// or "denied" (no permission, no camera).
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
  const readFrame = () => {
    if (camera.stopped) { return; }
    const text = decode(video, canvas, context, decodeQr);
    const now = Date.now();
    if (text) {
      // A badge held in front of the lens is one scan; it counts again once it has left.
      if (text !== camera.last || now - camera.lastSeen > SAME_CODE_QUIET_MS) { onCode(text); }
      camera.last = text;
      camera.lastSeen = now;
    }
    if (!camera.stopped) { camera.timer = setTimeout(readFrame, CAMERA_EVERY_MS); }
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
  if (!camera.stopped) { camera.timer = setTimeout(readFrame, CAMERA_EVERY_MS); }
  return { stop };
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
// leave the wedge field unfocused meanwhile).
export function cameraToggle({ button, status, video, canvas, onCode, text, decodeQr, onPress }) {
  const win = button.ownerDocument.defaultView;
  const toggle = { camera: null, starting: false };  // camera: {stop()} while it films
  const stop = () => {
    if (toggle.camera) { toggle.camera.stop(); }
    toggle.camera = null;
    button.textContent = text("camera_start");
    button.setAttribute("aria-pressed", "false");
    status.textContent = "";
  };
  const start = async () => {
    toggle.starting = true;
    status.textContent = text("camera_starting");
    try {
      toggle.camera = await startCamera({ video, canvas, onCode, decodeQr, mediaDevices: win.navigator.mediaDevices });
      button.textContent = text("camera_stop");
      button.setAttribute("aria-pressed", "true");
      status.textContent = text("camera_on");
    } catch (error) {
      status.textContent = error.reason === "unsupported"
        ? text("camera_unsupported") : text("camera_denied", { message: error.message });
    } finally {
      toggle.starting = false;
    }
  };
  button.addEventListener("click", () => {
    if (onPress) { onPress(); }
    if (toggle.starting) { return; }
    if (toggle.camera) { stop(); } else { start(); }
  });
  win.addEventListener("pagehide", stop);
  return { active: () => toggle.camera !== null, stop };
}
