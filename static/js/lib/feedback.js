// Sound and vibration that say how a scan went, shared by the scanner and the desk. Each
// page makes its own player; its audio context lives in the player, not in this module.

const TONES = {
  ok: { wave: "sine", notes: [[1320, 0, 0.12]], vibrate: [80] },
  warn: { wave: "triangle", notes: [[660, 0, 0.12], [660, 0.18, 0.12]], vibrate: [80, 60, 80] },
  bad: { wave: "square", notes: [[220, 0, 0.5]], vibrate: [400] }
};

// A player {unlock(), play(kind)} for ``win`` (kind "ok", "warn" or "bad"). Browsers start
// audio only after a gesture: the page's first key or tap unlocks it, as does unlock().
export function createFeedback(win) {
  const player = { audio: null };
  const unlock = () => unlockAudio(win, player);
  win.document.addEventListener("keydown", unlock, { once: true });
  win.document.addEventListener("pointerdown", unlock, { once: true });
  return {
    unlock,
    play(kind) {
      const tone = TONES[kind] || TONES.bad;
      if (win.navigator.vibrate) { win.navigator.vibrate(tone.vibrate); }
      beep(player.audio, tone);
    }
  };
}

function unlockAudio(win, player) {
  const Context = win.AudioContext || win.webkitAudioContext;
  if (!Context) { return; }
  try {
    player.audio = player.audio || new Context();
    if (player.audio.state === "suspended") { player.audio.resume(); }
  } catch {
    player.audio = null;
  }
}

function beep(audio, tone) {
  if (!audio) { return; }
  try {
    const start = audio.currentTime + 0.01;
    for (const [frequency, offset, length] of tone.notes) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = tone.wave;
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + length);
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + length + 0.02);
    }
  } catch {
    // No sound device: the screen and vibration still say it.
  }
}
