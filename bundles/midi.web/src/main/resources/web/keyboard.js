// The on-screen piano: plays to the chosen output (mouse, touch and pen through pointer events, and
// the computer keyboard) with POST /api/send, and lights the notes arriving at the chosen input.

import { request } from './api.js';
import { $, el, fillSelect, showError } from './dom.js';
import { GM_PROGRAMS } from './gm.js';
import { openStream } from './stream.js';

const NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];
const BLACK = new Set([1, 3, 6, 8, 10]);
const OCTAVES = 3;
/** Computer keys (by physical position, KeyboardEvent.code) → semitones above the keyboard's base. */
const KEYS = {
  KeyA: 0, KeyW: 1, KeyS: 2, KeyE: 3, KeyD: 4, KeyF: 5, KeyT: 6, KeyG: 7, KeyY: 8, KeyH: 9, KeyU: 10, KeyJ: 11,
  KeyK: 12, KeyO: 13, KeyL: 14, KeyP: 15, Semicolon: 16, Quote: 17
};

export function noteName(n) {
  return NAMES[n % 12] + (Math.floor(n / 12) - 1);
}

export class Keyboard {
  constructor() {
    this.sending = Promise.resolve(); // sends go one after another, so a note off never overtakes its note on
    this.pointers = new Map();        // pointerId → note held by that pointer
    this.keys = new Map();            // KeyboardEvent.code → note held by that key
    this.light = null;                // the stream of the input whose notes light the keys
    this.lightFrom = '';

    const channel = $('keyboard-channel');
    for (let c = 1; c <= 16; c++) {
      channel.append(el('option', { value: String(c - 1), text: String(c) }));
    }
    const program = $('keyboard-program');
    GM_PROGRAMS.forEach((name, i) => program.append(el('option', { value: String(i), text: `${i + 1} ${name}` })));
    program.addEventListener('change', () => this.send([0xC0 | this.channel(), Number(program.value)]));
    const octave = $('keyboard-octave');
    for (let o = 0; o <= 9 - OCTAVES + 1; o++) {
      octave.append(el('option', { value: String(o), text: `C${o}` }));
    }
    octave.value = '3';
    octave.addEventListener('change', () => this.draw());
    const velocity = $('keyboard-velocity');
    velocity.addEventListener('input', () => {
      $('keyboard-velocity-value').textContent = velocity.value;
    });
    $('keyboard-input').addEventListener('change', () => this.listen());
    $('keyboard-panic').addEventListener('click', () => this.send([0xB0 | this.channel(), 123, 0]));
    this.draw();
    this.wirePointers();
    this.wireKeys();
  }

  channel() {
    return Number($('keyboard-channel').value) & 0x0F;
  }

  /** The first note drawn: C of the chosen octave. */
  base() {
    return 12 * (Number($('keyboard-octave').value) + 1);
  }

  draw() {
    this.releaseAll();
    const piano = $('piano');
    const whites = [];
    const first = this.base();
    for (let n = first; n <= first + 12 * OCTAVES; n++) {
      const octave = Math.floor((n - first) / 12) + 1;
      const key = el('div', {
        class: `key ${BLACK.has(n % 12) ? 'black' : 'white'} octave-${Math.min(octave, OCTAVES)}`,
        'data-note': String(n), role: 'button', 'aria-label': noteName(n), title: noteName(n)
      }, n % 12 === 0 ? el('span', { class: 'label', text: noteName(n) }) : null);
      if (BLACK.has(n % 12)) {
        whites[whites.length - 1].append(key); // a black key sits on the white key below it
      } else {
        whites.push(key);
      }
    }
    piano.replaceChildren(...whites);
  }

  key(note) {
    return $('piano').querySelector(`[data-note="${note}"]`);
  }

  wirePointers() {
    const piano = $('piano');
    const noteAt = (target) => {
      const k = target && target.closest ? target.closest('[data-note]') : null;
      return k ? Number(k.dataset.note) : null;
    };
    piano.addEventListener('pointerdown', (e) => {
      const note = noteAt(e.target);
      if (note === null || e.button > 0) {
        return;
      }
      e.preventDefault();
      // touch pointers are captured by the element they start on: release, so that sliding plays the next key
      if (e.target.hasPointerCapture && e.target.hasPointerCapture(e.pointerId)) {
        e.target.releasePointerCapture(e.pointerId);
      }
      this.pointers.set(e.pointerId, note);
      this.press(note);
    });
    piano.addEventListener('pointerover', (e) => {
      if (!this.pointers.has(e.pointerId)) {
        return;
      }
      const note = noteAt(e.target);
      const held = this.pointers.get(e.pointerId);
      if (note !== null && note !== held) {
        this.release(held);
        this.pointers.set(e.pointerId, note);
        this.press(note);
      }
    });
    const up = (e) => {
      if (this.pointers.has(e.pointerId)) {
        this.release(this.pointers.get(e.pointerId));
        this.pointers.delete(e.pointerId);
      }
    };
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    piano.addEventListener('pointerleave', up);
    piano.addEventListener('contextmenu', (e) => e.preventDefault());
  }

  wireKeys() {
    window.addEventListener('keydown', (e) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || this.typing(e.target)) {
        return;
      }
      if (e.code === 'KeyZ' || e.code === 'KeyX') {
        const octave = $('keyboard-octave');
        const next = Number(octave.value) + (e.code === 'KeyZ' ? -1 : 1);
        if ([...octave.options].some((o) => o.value === String(next))) {
          octave.value = String(next);
          this.draw();
        }
        e.preventDefault();
        return;
      }
      if (!(e.code in KEYS) || this.keys.has(e.code)) {
        return;
      }
      e.preventDefault();
      const note = this.base() + 12 + KEYS[e.code];
      this.keys.set(e.code, note);
      this.press(note);
    });
    window.addEventListener('keyup', (e) => {
      if (this.keys.has(e.code)) {
        this.release(this.keys.get(e.code));
        this.keys.delete(e.code);
      }
    });
    window.addEventListener('blur', () => this.releaseAll());
  }

  /** Whether keys go to a field (text, a select, a dialog's input) rather than to the piano. */
  typing(target) {
    if (!target) {
      return false;
    }
    if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.closest('dialog[open]')) {
      return true;
    }
    return target.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button', 'submit', 'reset'].includes(target.type);
  }

  press(note) {
    if (note < 0 || note > 127) {
      return;
    }
    const k = this.key(note);
    if (k) {
      k.classList.add('down');
    }
    this.send([0x90 | this.channel(), note, Number($('keyboard-velocity').value)]);
  }

  release(note) {
    if (note < 0 || note > 127) {
      return;
    }
    const k = this.key(note);
    if (k) {
      k.classList.remove('down');
    }
    this.send([0x80 | this.channel(), note, 0]);
  }

  releaseAll() {
    for (const note of [...this.pointers.values(), ...this.keys.values()]) {
      this.release(note);
    }
    this.pointers.clear();
    this.keys.clear();
  }

  send(bytes) {
    const output = $('keyboard-output').value;
    if (!output) {
      showError('keyboard-error', 'no output device to play to');
      return;
    }
    this.sending = this.sending.then(() => request('POST', '/api/send', { json: { output, bytes } }))
      .then(() => showError('keyboard-error', null))
      .catch((e) => showError('keyboard-error', `sending to ${output}: ${e.message}`));
  }

  setDevices(devices) {
    const outputs = (devices.outputs || []).map((d) => ({ value: d.endpointId, label: `${d.endpointId} (${d.name})` }));
    const select = $('keyboard-output');
    const before = select.value;
    fillSelect(select, outputs);
    if (!before && outputs.some((o) => o.value === 'synth/0')) {
      select.value = 'synth/0'; // something that sounds, when there is one
    }
    fillSelect($('keyboard-input'), (devices.inputs || []).map((d) => ({ value: d.endpointId, label: `${d.endpointId} (${d.name})` })),
      [{ value: '', label: 'none' }]);
    this.listen();
  }

  /** Lights the notes arriving at the chosen input. */
  listen() {
    const input = $('keyboard-input').value;
    if (input === this.lightFrom) {
      return;
    }
    this.lightFrom = input;
    if (this.light) {
      this.light.close();
      this.light = null;
    }
    $('piano').querySelectorAll('.lit').forEach((k) => k.classList.remove('lit'));
    $('piano').dataset.light = input ? 'connecting' : 'off';
    if (!input) {
      return;
    }
    this.light = openStream('/api/traffic', [['in', input]], {
      onOpen: () => {
        $('piano').dataset.light = 'live';
        showError('keyboard-error', null);
      },
      onError: (message, final) => {
        $('piano').dataset.light = final ? 'error' : 'connecting';
        if (final) {
          showError('keyboard-error', `lighting from ${input}: ${message}`);
        }
      },
      midi: (m) => this.lightUp(m)
    }, { giveUpOnRefusal: true });
  }

  lightUp(m) {
    const b = String(m.hex || '').split(' ').map((x) => parseInt(x, 16));
    const kind = b[0] & 0xF0;
    if (kind === 0x90 || kind === 0x80) {
      const k = this.key(b[1]);
      if (k) {
        k.classList.toggle('lit', kind === 0x90 && b[2] > 0);
      }
    } else if (kind === 0xB0 && (b[1] === 120 || b[1] === 123)) {
      $('piano').querySelectorAll('.lit').forEach((k) => k.classList.remove('lit'));
    }
  }
}
