// Traffic: the messages of the chosen inputs (and outputs, through the host's spy) from
// /api/traffic, decoded and time-stamped, with pause, filters and counts per second. The list keeps
// the last MAX_LINES lines only, and is drawn once per animation frame however fast messages come.

import { $, el, fillChecks, showError, ticked } from './dom.js';
import { openStream } from './stream.js';

const MAX_LINES = 500;
/** A sysex longer than this many bytes is shown shortened until clicked. */
const SHORT_SYSEX = 16;

/** Message kinds for the filter, by status byte. */
export const KINDS = [
  ['note', 'Notes'],
  ['cc', 'Controllers'],
  ['program', 'Programs'],
  ['pitch', 'Pitch bend'],
  ['pressure', 'Pressure'],
  ['sysex', 'SysEx'],
  ['clock', 'Clock'],
  ['system', 'Other system']
];

/** @returns {string} the kind of a message from its first byte */
export function kindOf(status) {
  if (status < 0x80) {
    return 'system';
  }
  switch (status & 0xF0) {
    case 0x80: case 0x90: return 'note';
    case 0xA0: case 0xD0: return 'pressure';
    case 0xB0: return 'cc';
    case 0xC0: return 'program';
    case 0xE0: return 'pitch';
    default:
      if (status === 0xF0) {
        return 'sysex';
      }
      return status === 0xF8 || status === 0xFA || status === 0xFB || status === 0xFC ? 'clock' : 'system';
  }
}

/** Host time stamp in µs as seconds with milliseconds. */
function seconds(micros) {
  return typeof micros === 'number' ? (micros / 1e6).toFixed(3) : '';
}

export class TrafficView {
  constructor() {
    this.stream = null;
    this.paused = false;
    this.held = [];      // messages that came while paused (the last MAX_LINES)
    this.pending = [];   // messages waiting for the next frame
    this.frame = 0;
    this.rates = new Map();
    this.selection = '';

    const types = $('traffic-types');
    types.replaceChildren(...KINDS.map(([value, label]) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', value, checked: true, 'data-testid': `traffic-type-${value}` }), ' ' + label)));
    types.addEventListener('change', () => this.applyFilter());
    const channel = $('traffic-channel');
    for (let c = 1; c <= 16; c++) {
      channel.append(el('option', { value: String(c), text: String(c) }));
    }
    channel.addEventListener('change', () => this.applyFilter());
    this.applyFilter();
    $('traffic-inputs').addEventListener('change', () => this.reconnect());
    $('traffic-outputs').addEventListener('change', () => this.reconnect());
    $('traffic-pause').addEventListener('click', () => this.setPaused(!this.paused));
    $('traffic-clear').addEventListener('click', () => {
      $('traffic-log').replaceChildren();
      this.held = [];
    });
    $('traffic-log').addEventListener('click', (e) => {
      const line = e.target.closest('li.sysex');
      if (line) {
        line.classList.toggle('expanded');
        line.querySelector('.hex').textContent = line.classList.contains('expanded') ? line.dataset.hex : line.dataset.short;
      }
    });
  }

  /** New device lists: the endpoint checkboxes follow (ticked ones stay ticked while present). */
  setDevices(devices) {
    // A watched endpoint that goes away stays ticked, marked gone: the server keeps the stream and
    // says when the device is back (events closed / reopened).
    const opts = (list, box) => {
      const present = (list || []).filter((d) => d.id >= 0).map((d) => ({ value: d.endpointId, label: `${d.endpointId} (${d.name})` }));
      const gone = ticked(box).filter((e) => !present.some((o) => o.value === e)).map((e) => ({ value: e, label: `${e} (gone)` }));
      return [...present, ...gone];
    };
    fillChecks($('traffic-inputs'), opts(devices.inputs, $('traffic-inputs')), 'traffic-in');
    fillChecks($('traffic-outputs'), opts(devices.outputs, $('traffic-outputs')), 'traffic-out');
    this.reconnect();
  }

  reconnect() {
    const ins = ticked($('traffic-inputs'));
    const outs = ticked($('traffic-outputs'));
    const selection = JSON.stringify([ins, outs]);
    if (selection === this.selection) {
      return; // the same endpoints: keep the stream
    }
    this.selection = selection;
    if (this.stream) {
      this.stream.close();
      this.stream = null;
    }
    this.rates.clear();
    this.showRates();
    showError('traffic-error', null);
    if (ins.length + outs.length === 0) {
      this.setState('pick an input or output to watch', 'idle');
      return;
    }
    const params = [...ins.map((e) => ['in', e]), ...outs.map((e) => ['out', e])];
    this.setState('connecting…', 'connecting');
    this.stream = openStream('/api/traffic', params, {
      onOpen: () => {
        showError('traffic-error', null);
        this.setState(`watching ${[...ins.map((e) => 'in ' + e), ...outs.map((e) => 'out ' + e)].join(', ')}`, 'live');
      },
      onError: (message, final) => {
        if (final) {
          showError('traffic-error', message);
          this.setState('not watching', 'error');
        } else {
          this.setState(message, 'connecting');
        }
      },
      midi: (m) => this.add(m),
      rate: (r) => {
        this.rates.set(`${r.dir} ${r.endpoint}`, r.perSecond);
        this.showRates();
      },
      closed: (c) => this.addNote(`${c.endpoint} is gone; waiting for it to come back`, 'closed'),
      reopened: (c) => this.addNote(`${c.endpoint} is back`, 'reopened'),
      dropped: (d) => this.addNote(`${d.count} message(s) dropped: the page was too slow`, 'dropped')
    }, { giveUpOnRefusal: true });
  }

  setState(text, state) {
    const s = $('traffic-state');
    s.textContent = text;
    s.dataset.state = state;
  }

  showRates() {
    $('traffic-rates').replaceChildren(...[...this.rates].map(([key, n]) =>
      el('span', { class: 'rate', 'data-rate': key, text: `${key}: ${n}/s` })));
  }

  setPaused(paused) {
    this.paused = paused;
    const b = $('traffic-pause');
    b.textContent = paused ? 'Resume' : 'Pause';
    b.setAttribute('aria-pressed', String(paused));
    if (!paused) {
      const held = this.held;
      this.held = [];
      held.forEach((item) => this.queue(item));
    }
  }

  add(m) {
    this.queue({ m });
  }

  addNote(text, kind) {
    this.queue({ note: text, kind });
  }

  queue(item) {
    if (this.paused) {
      this.held.push(item);
      if (this.held.length > MAX_LINES) {
        this.held.shift();
      }
      this.setState(`paused: ${this.held.length} message(s) waiting`, 'paused');
      return;
    }
    this.pending.push(item);
    if (this.pending.length > MAX_LINES) {
      this.pending.shift();
    }
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.frame = 0;
    const log = $('traffic-log');
    const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    const lines = this.pending.map((item) => (item.m ? this.line(item.m) : el('li', { class: 'note ' + item.kind, text: item.note })));
    this.pending = [];
    log.append(...lines);
    while (log.children.length > MAX_LINES) {
      log.firstElementChild.remove();
    }
    if (stick) {
      log.scrollTop = log.scrollHeight;
    }
    if (!this.paused && this.stream && $('traffic-state').dataset.state === 'paused') {
      this.setState('watching', 'live');
    }
  }

  line(m) {
    const hex = String(m.hex || '');
    const status = parseInt(hex.slice(0, 2), 16);
    const kind = kindOf(isNaN(status) ? 0 : status);
    const bytes = hex === '' ? 0 : hex.split(' ').length;
    const long = kind === 'sysex' && bytes > SHORT_SYSEX;
    const short = long ? `${hex.split(' ').slice(0, SHORT_SYSEX).join(' ')} … (${bytes} bytes, click to show all)` : hex;
    const li = el('li', {
      class: 'msg ' + m.dir + (long ? ' sysex' : ''),
      data: { kind, type: m.type || '', channel: m.channel ? String(m.channel) : '', dir: m.dir, endpoint: m.endpoint },
      title: long ? 'click to show or hide the whole message' : null
    },
    el('span', { class: 't', text: seconds(m.t) }),
    el('span', { class: 'ep', text: `${m.dir === 'out' ? '→' : '←'} ${m.endpoint}` }),
    el('span', { class: 'text', text: m.text || m.type || '' }),
    el('span', { class: 'hex', text: short }));
    if (long) {
      li.dataset.hex = hex;
      li.dataset.short = short;
    }
    li.hidden = !this.shows(li);
    return li;
  }

  shows(li) {
    const { kinds, channel } = this.filter;
    return kinds.has(li.dataset.kind) && (channel === '' || li.dataset.channel === '' || li.dataset.channel === channel);
  }

  /** Reads the filter controls once (not per line: lines come by the hundred) and applies them to the list. */
  applyFilter() {
    this.filter = { kinds: new Set(ticked($('traffic-types'))), channel: $('traffic-channel').value };
    for (const li of $('traffic-log').querySelectorAll('li.msg')) {
      li.hidden = !this.shows(li);
    }
  }
}
