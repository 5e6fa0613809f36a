// Routes: the list from GET /api/routes (and each `routes` event), create with POST /api/routes,
// delete with DELETE /api/routes/{name}. The server checks everything (cycles, options, values);
// the page shows its message.

import { request } from './api.js';
import { $, el, fillChecks, fillSelect, notice, showError, ticked } from './dom.js';

/** A route's transform as one line, whether the server sends it as text or as an object. */
export function transformText(t) {
  if (t === null || t === undefined || t === '') {
    return 'none';
  }
  if (typeof t === 'string') {
    return t;
  }
  const parts = Object.entries(t).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return parts.length === 0 ? 'none' : parts.map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
}

export class RoutesView {
  constructor() {
    $('route-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.create();
    });
    $('routes-table').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-delete]');
      if (button) {
        this.remove(button.dataset.delete, button);
      }
    });
  }

  async load() {
    try {
      this.show(await request('GET', '/api/routes'));
      showError('routes-error', null);
    } catch (e) {
      showError('routes-error', `routes: ${e.message}`);
    }
  }

  show(routes) {
    const list = Array.isArray(routes) ? routes : [];
    $('routes-table').tBodies[0].replaceChildren(...list.map((r) => el('tr', { data: { route: r.name, state: String(r.state || '').toLowerCase() } },
      el('td', { class: 'mono', text: r.name }),
      el('td', { class: 'mono', text: r.from }),
      el('td', { class: 'mono', text: (r.to || []).join(', ') }),
      el('td', { class: 'small', text: r.transformText || transformText(r.transform) }),
      el('td', { text: String(r.state || '').toLowerCase() + (r.waitingFor && r.waitingFor.length ? ` (for ${r.waitingFor.join(', ')})` : '') }),
      el('td', { class: 'num', text: r.passed ?? '' }),
      el('td', {}, el('button', { type: 'button', class: 'small danger', 'data-delete': r.name, text: 'Delete', 'aria-label': `Delete route ${r.name}` })))));
    $('routes-empty').hidden = list.length > 0;
  }

  setDevices(devices) {
    const label = (d) => ({ value: d.endpointId, label: `${d.endpointId} (${d.name})` });
    fillSelect($('route-from'), (devices.inputs || []).filter((d) => d.id >= 0).map(label));
    fillChecks($('route-to'), (devices.outputs || []).filter((d) => d.id >= 0).map(label), 'route-to');
  }

  async create() {
    const form = $('route-form');
    const body = { name: form.elements.name.value.trim(), from: $('route-from').value, to: ticked($('route-to')) };
    if (!body.from) {
      showError('routes-error', 'pick the input the route starts from');
      return;
    }
    if (body.to.length === 0) {
      showError('routes-error', 'pick at least one output for the route');
      return;
    }
    for (const input of form.querySelectorAll('.options input')) {
      const v = input.value.trim();
      if (v !== '') {
        body[input.name] = input.type === 'number' ? Number(v) : v;
      }
    }
    const button = $('route-create');
    button.disabled = true;
    try {
      const route = await request('POST', '/api/routes', { json: body });
      showError('routes-error', null);
      notice(`route ${route && route.name ? route.name : body.name} created`);
      form.reset();
      await this.load();
    } catch (e) {
      showError('routes-error', `creating ${body.name}: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  async remove(name, button) {
    button.disabled = true;
    try {
      await request('DELETE', '/api/routes/' + encodeURIComponent(name));
      showError('routes-error', null);
      notice(`route ${name} deleted`);
      await this.load();
    } catch (e) {
      showError('routes-error', `deleting ${name}: ${e.message}`);
      button.disabled = false;
    }
  }
}
