// Devices and drivers: the tables, redrawn from each `devices` / `drivers` event of /api/events.

import { $, el } from './dom.js';

function deviceRow(d) {
  return el('tr', { data: { endpoint: d.endpointId, id: String(d.id) } },
    el('td', { class: 'num', text: d.id }),
    el('td', { class: 'mono', text: d.endpointId }),
    el('td', { text: d.name }),
    el('td', { text: d.technology || '-' }),
    el('td', { text: d.driver ?? '' }),
    el('td', { class: 'num', text: d.clients ?? '-' }));
}

function fillTable(tableId, rows, empty, columns) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...rows);
  if (rows.length === 0) {
    body.append(el('tr', { class: 'empty' }, el('td', { colspan: columns, class: 'muted', text: empty })));
  }
}

/** @param {{outputs: Array, inputs: Array}} devices the /api/devices answer */
export function showDevices(devices) {
  const outputs = devices.outputs || [];
  const inputs = devices.inputs || [];
  fillTable('devices-outputs', outputs.map(deviceRow), 'no output devices', 6);
  fillTable('devices-inputs', inputs.map(deviceRow), 'no input devices', 6);
  $('devices-outputs-count').textContent = `(${outputs.length})`;
  $('devices-inputs-count').textContent = `(${inputs.length})`;
}

/** @param {Array} drivers the /api/drivers answer */
export function showDrivers(drivers) {
  fillTable('drivers', (drivers || []).map((d) => el('tr', { data: { driver: d.driver ?? '', bundle: d.bundle ?? '' }, class: d.stuck > 0 ? 'warn' : null },
    el('td', { class: 'mono', text: d.driver ?? '-' }),
    el('td', { class: 'mono', text: d.bundle ?? '' }),
    el('td', { text: d.version ?? '' }),
    el('td', { text: d.state ?? '' }),
    el('td', { class: 'num', text: d.outputs ?? 0 }),
    el('td', { class: 'num', text: d.inputs ?? 0 }),
    el('td', { class: 'num', text: d.stuck ?? 0 }))), 'no drivers', 7);
}
