// Reading badges, shared by the scanner (/scan) and the endorsement desk (/endorse-desk):
// a keyboard-wedge field, the camera through the vendored jsQR (static/vendor/jsqr/), and
// sound and vibration to say how a scan went. The pages keep their own words and layout;
// this file holds no text and touches no element it was not given.
//
//   ForumScanInput.attachWedge(input, onCode)           Enter in ``input`` (or its form's submit)
//   ForumScanInput.startCamera(video, canvas, onCode)   -> Promise of {stop()}; rejects with
//                                                           error.reason "unsupported" or "denied"
//   ForumScanInput.cameraToggle({button, status, video, canvas, onCode, text})
//                                                       -> {active(), stop()}: a Start/Stop button
//   ForumScanInput.beep(kind), .vibrate(kind), .feedback(kind)   kind: "ok", "warn" or "bad"
//   ForumScanInput.nonce()                              a UUID v4 for idempotent requests
(function () {
  "use strict";

  var CAMERA_EVERY_MS = 120;
  var CAMERA_MAX_SIDE = 800;
  var SAME_CODE_QUIET_MS = 3000;
  var TONES = {
    ok: { wave: "sine", notes: [[1320, 0, 0.12]], vibrate: [80] },
    warn: { wave: "triangle", notes: [[660, 0, 0.12], [660, 0.18, 0.12]], vibrate: [80, 60, 80] },
    bad: { wave: "square", notes: [[220, 0, 0.5]], vibrate: [400] }
  };

  // ---- keyboard wedge ------------------------------------------------------------------

  // A USB or Bluetooth scanner types the code into the focused field, then Enter. The field
  // is emptied at once, so the next badge starts clean; blank input is ignored.
  function attachWedge(input, onCode) {
    // The input is disabled in the page until this runs, so an early Enter cannot submit
    // the form natively (which would navigate away with the code in the address).
    input.disabled = false;
    function take(event) {
      event.preventDefault();
      var code = String(input.value || "").trim();
      input.value = "";
      if (code) { onCode(code); }
    }
    if (input.form) {
      input.form.addEventListener("submit", take);
    } else {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { take(event); }
      });
    }
  }

  // ---- camera --------------------------------------------------------------------------

  function cameraError(reason, message) {
    var error = new Error(message || reason);
    error.reason = reason;
    return error;
  }

  function startCamera(video, canvas, onCode) {
    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) || typeof window.jsQR !== "function") {
      return Promise.reject(cameraError("unsupported"));
    }
    var constraints = {
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } }
    };
    return navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      return run(stream, video, canvas || document.createElement("canvas"), onCode);
    }, function (error) {
      throw cameraError("denied", error.message || error.name);
    });
  }

  function run(stream, video, canvas, onCode) {
    var camera = { timer: null, stopped: false, last: "", lastSeen: 0 };
    var context = canvas.getContext("2d", { willReadFrequently: true });

    function stop() {
      camera.stopped = true;
      clearTimeout(camera.timer);
      stream.getTracks().forEach(function (track) { track.stop(); });
      video.srcObject = null;
      video.hidden = true;
    }

    function readFrame() {
      if (camera.stopped) { return; }
      var text = decode(video, canvas, context);
      var now = Date.now();
      if (text) {
        // A badge held in front of the lens is one scan; it counts again once it has left.
        if (text !== camera.last || now - camera.lastSeen > SAME_CODE_QUIET_MS) { onCode(text); }
        camera.last = text;
        camera.lastSeen = now;
      }
      if (!camera.stopped) { camera.timer = setTimeout(readFrame, CAMERA_EVERY_MS); }
    }

    video.srcObject = stream;
    video.hidden = false;
    return video.play().catch(function () { /* muted video plays anyway once data arrives */ }).then(function () {
      if (!camera.stopped) { camera.timer = setTimeout(readFrame, CAMERA_EVERY_MS); }
      return { stop: stop };
    });
  }

  function decode(video, canvas, context) {
    if (video.readyState < 2 || !video.videoWidth) { return ""; }
    var scale = Math.min(1, CAMERA_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    var width = Math.round(video.videoWidth * scale);
    var height = Math.round(video.videoHeight * scale);
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    var image = context.getImageData(0, 0, width, height);
    var found = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
    return found && found.data ? found.data : "";
  }

  // The page's Start/Stop camera button (aria-pressed) and the status line beside it. The
  // words come from the page: ``text(key, values)`` is asked for camera_start, camera_stop,
  // camera_starting, camera_on, camera_unsupported and camera_denied ({message}). The
  // camera stops on a second press and when the page is left; ``active()`` says whether it
  // films (the pages leave the wedge field unfocused meanwhile).
  function cameraToggle(options) {
    var button = options.button;
    var status = options.status;
    var text = options.text;
    var camera = null;  // {stop()} while the camera films
    var starting = false;

    function start() {
      starting = true;
      status.textContent = text("camera_starting");
      return startCamera(options.video, options.canvas || null, options.onCode).then(function (running) {
        starting = false;
        camera = running;
        button.textContent = text("camera_stop");
        button.setAttribute("aria-pressed", "true");
        status.textContent = text("camera_on");
      }, function (error) {
        starting = false;
        status.textContent = error.reason === "unsupported"
          ? text("camera_unsupported") : text("camera_denied", { message: error.message });
      });
    }

    function stop() {
      if (camera) { camera.stop(); }
      camera = null;
      button.textContent = text("camera_start");
      button.setAttribute("aria-pressed", "false");
      status.textContent = "";
    }

    button.addEventListener("click", function () {
      unlockAudio();
      if (starting) { return; }
      if (camera) { stop(); } else { start(); }
    });
    window.addEventListener("pagehide", stop);
    return {
      active: function () { return camera !== null; },
      stop: stop
    };
  }

  // ---- sound and vibration -------------------------------------------------------------

  var audio = null;

  // Browsers start audio only after a gesture; the first key or tap opens it.
  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") { audio.resume(); }
    } catch {
      audio = null;
    }
  }

  function beep(kind) {
    var sound = TONES[kind] || TONES.bad;
    if (!audio) { return; }
    try {
      var start = audio.currentTime + 0.01;
      sound.notes.forEach(function (note) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.type = sound.wave;
        oscillator.frequency.value = note[0];
        gain.gain.setValueAtTime(0.2, start + note[1]);
        gain.gain.exponentialRampToValueAtTime(0.001, start + note[1] + note[2]);
        oscillator.connect(gain);
        gain.connect(audio.destination);
        oscillator.start(start + note[1]);
        oscillator.stop(start + note[1] + note[2] + 0.02);
      });
    } catch {
      // No sound device: the screen and vibration still say it.
    }
  }

  function vibrate(kind) {
    var sound = TONES[kind] || TONES.bad;
    if (navigator.vibrate) { navigator.vibrate(sound.vibrate); }
  }

  function feedback(kind) {
    vibrate(kind);
    beep(kind);
  }

  // ---- nonces --------------------------------------------------------------------------

  // crypto.randomUUID needs a secure context; plain http on a venue network falls back.
  function nonce() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  document.addEventListener("keydown", unlockAudio, { once: true });
  document.addEventListener("pointerdown", unlockAudio, { once: true });

  window.ForumScanInput = {
    attachWedge: attachWedge,
    startCamera: startCamera,
    cameraToggle: cameraToggle,
    unlockAudio: unlockAudio,
    beep: beep,
    vibrate: vibrate,
    feedback: feedback,
    nonce: nonce
  };
})();
