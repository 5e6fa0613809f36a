// Files: upload a standard MIDI file (the server checks size and content), play it on a device
// with progress from the `playback` events of /api/events, stop it; record an input and download
// the .mid.

import { request } from './api.js';
import { $, el, fillSelect, minutes, notice, showError } from './dom.js';

export class FilesView {
  constructor() {
    this.files = new Map();     // id → file info
    this.recording = null;      // the id of the recording running from this page
    $('upload-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.upload();
    });
    $('files-table').addEventListener('click', (e) => {
      const play = e.target.closest('button[data-play]');
      if (play) {
        this.play(play.dataset.play);
      }
    });
    $('playbacks').addEventListener('click', (e) => {
      const stop = e.target.closest('button[data-stop]');
      if (stop) {
        this.stop(stop.dataset.stop, stop);
      }
    });
    $('record-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.record();
    });
    $('record-stop').addEventListener('click', () => this.stopRecording());
    $('recordings').addEventListener('click', (e) => {
      const get = e.target.closest('button[data-download]');
      if (get) {
        this.download(get.dataset.download, get);
      }
    });
  }

  setDevices(devices) {
    const label = (d) => ({ value: d.endpointId, label: `${d.endpointId} (${d.name})` });
    const play = $('play-output');
    const before = play.value;
    const outputs = (devices.outputs || []).map(label);
    fillSelect(play, outputs);
    if (!before && outputs.some((o) => o.value === 'synth/0')) {
      play.value = 'synth/0';
    }
    fillSelect($('record-input'), (devices.inputs || []).filter((d) => d.id >= 0).map(label));
  }

  async load() {
    try {
      this.show(await request('GET', '/api/files'));
      showError('files-error', null);
    } catch (e) {
      showError('files-error', `files: ${e.message}`);
    }
  }

  show(files) {
    this.files = new Map((Array.isArray(files) ? files : []).map((f) => [f.id, f]));
    const rows = [...this.files.values()].map((f) => el('tr', { data: { file: f.id, name: f.name } },
      el('td', { class: 'mono', text: f.name }),
      el('td', { class: 'num', text: f.format ?? '' }),
      el('td', { class: 'num', text: f.tracks ?? '' }),
      el('td', { class: 'num', text: minutes(f.durationMs) }),
      el('td', {}, el('button', { type: 'button', class: 'small', 'data-play': f.id, text: 'Play', 'aria-label': `Play ${f.name}` }))));
    $('files-table').tBodies[0].replaceChildren(...rows);
    if (rows.length === 0) {
      $('files-table').tBodies[0].append(el('tr', { class: 'empty' }, el('td', { colspan: 5, class: 'muted', text: 'no files uploaded' })));
    }
  }

  async upload() {
    const input = $('upload-file');
    const file = input.files && input.files[0];
    if (!file) {
      showError('files-error', 'choose a .mid file first');
      return;
    }
    const button = $('upload');
    button.disabled = true;
    try {
      const info = await request('POST', '/api/files', {
        body: await file.arrayBuffer(), contentType: 'audio/midi', headers: { 'X-Filename': encodeURIComponent(file.name) }
      });
      showError('files-error', null);
      const warnings = Array.isArray(info.warnings) && info.warnings.length ? ` (${info.warnings.join('; ')})` : '';
      notice(`${info.name}: format ${info.format}, ${info.tracks} track(s), ${minutes(info.durationMs)}${warnings}`);
      input.value = '';
      await this.load();
    } catch (e) {
      showError('files-error', `uploading ${file.name}: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  async play(fileId) {
    const output = $('play-output').value;
    if (!output) {
      showError('files-error', 'no output device to play on');
      return;
    }
    try {
      const started = await request('POST', '/api/play', { json: { file: fileId, output } });
      showError('files-error', null);
      const f = this.files.get(fileId) || {};
      this.progress({ id: started.id, file: fileId, output, positionMs: 0, durationMs: f.durationMs, state: 'playing' });
    } catch (e) {
      showError('files-error', `playing on ${output}: ${e.message}`);
    }
  }

  /** A `playback` event (or the page's own start): the progress bar of that playback. */
  progress(p) {
    let item = $('playbacks').querySelector(`li[data-playback="${CSS.escape(p.id)}"]`);
    if (!item) {
      const f = this.files.get(p.file);
      item = el('li', { data: { playback: p.id } },
        el('span', { class: 'what', text: `${f ? f.name : p.file} → ${p.output}` }),
        el('progress', { max: 1, value: 0 }),
        el('span', { class: 'when' }),
        el('span', { class: 'state' }),
        el('button', { type: 'button', class: 'small', 'data-stop': p.id, text: 'Stop' }));
      $('playbacks').prepend(item);
      while ($('playbacks').children.length > 5) {
        $('playbacks').lastElementChild.remove();
      }
    }
    const bar = item.querySelector('progress');
    const duration = typeof p.durationMs === 'number' && p.durationMs > 0 ? p.durationMs : 1;
    const position = p.state === 'done' ? duration : Math.min(p.positionMs || 0, duration);
    bar.max = duration;
    bar.value = position;
    item.querySelector('.when').textContent = `${minutes(position)} / ${minutes(p.durationMs)}`;
    item.querySelector('.state').textContent = p.error ? `${p.state}: ${p.error}` : p.state;
    item.dataset.state = p.state;
    item.querySelector('button').disabled = p.state !== 'playing';
  }

  async stop(id, button) {
    button.disabled = true;
    try {
      await request('POST', `/api/play/${encodeURIComponent(id)}/stop`);
      showError('files-error', null);
    } catch (e) {
      showError('files-error', `stopping ${id}: ${e.message}`);
      button.disabled = false;
    }
  }

  async record() {
    const input = $('record-input').value;
    if (!input) {
      showError('files-error', 'no input device to record');
      return;
    }
    $('record-start').disabled = true;
    try {
      const r = await request('POST', '/api/record', { json: { input } });
      this.recording = r.id;
      showError('files-error', null);
      $('recordings').prepend(el('li', { data: { recording: r.id, state: 'recording' } },
        el('span', { class: 'what', text: `${r.id} from ${input}` }), el('span', { class: 'state', text: 'recording…' })));
      $('record-stop').disabled = false;
    } catch (e) {
      showError('files-error', `recording ${input}: ${e.message}`);
      $('record-start').disabled = false;
    }
  }

  async stopRecording() {
    const id = this.recording;
    if (!id) {
      return;
    }
    $('record-stop').disabled = true;
    try {
      const r = await request('POST', `/api/record/${encodeURIComponent(id)}/stop`);
      this.recording = null;
      $('record-start').disabled = false;
      showError('files-error', null);
      const item = $('recordings').querySelector(`li[data-recording="${CSS.escape(id)}"]`);
      item.dataset.state = 'stopped';
      item.querySelector('.state').textContent = `${r.events} event(s), ${minutes(r.durationMs)}`;
      item.append(el('button', { type: 'button', class: 'small', 'data-download': id, text: 'Download .mid' }));
    } catch (e) {
      showError('files-error', `stopping recording ${id}: ${e.message}`);
      $('record-stop').disabled = false;
    }
  }

  /** Fetched rather than linked, so that the token goes with it as a header. */
  async download(id, button) {
    button.disabled = true;
    try {
      const response = await request('GET', `/api/record/${encodeURIComponent(id)}.mid`, { raw: true });
      const url = URL.createObjectURL(await response.blob());
      const a = el('a', { href: url, download: `${id}.mid` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      showError('files-error', null);
    } catch (e) {
      showError('files-error', `downloading ${id}.mid: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }
}
