// The page: one /api/events stream feeds the device and driver tables and every device picker;
// routes and playback progress come the same way. Each section is its own module.

import { request, takeTokenFromAddress } from './api.js';
import { $, showError } from './dom.js';
import { showDevices, showDrivers } from './devices.js';
import { FilesView } from './files.js';
import { Keyboard } from './keyboard.js';
import { RoutesView } from './routes.js';
import { openStream } from './stream.js';
import { TrafficView } from './traffic.js';

function setStatus(text, state) {
  const s = $('status');
  s.textContent = text;
  s.dataset.state = state;
}

function start() {
  takeTokenFromAddress();
  const traffic = new TrafficView();
  const keyboard = new Keyboard();
  const routes = new RoutesView();
  const files = new FilesView();

  const devices = (list) => {
    showDevices(list);
    traffic.setDevices(list);
    keyboard.setDevices(list);
    routes.setDevices(list);
    files.setDevices(list);
    document.body.dataset.devices = 'shown'; // for tests and scripts: the first table is drawn
  };
  let lastSnapshot = 0;
  const snapshot = () => {
    if (Date.now() - lastSnapshot < 2000) {
      return; // a stream that keeps dropping: one look every two seconds is enough
    }
    lastSnapshot = Date.now();
    request('GET', '/api/devices').then(devices).catch((e) => showError('devices-error', `devices: ${e.message}`));
    request('GET', '/api/drivers').then(showDrivers).catch(() => { /* the stream's error is already shown */ });
  };

  openStream('/api/events', [], {
    onOpen: () => {
      setStatus('live', 'live');
      showError('devices-error', null);
    },
    onError: (message, final) => {
      setStatus(final ? 'not live' : 'reconnecting…', final ? 'error' : 'connecting');
      if (final) {
        showError('devices-error', `live updates: ${message}`);
      }
      snapshot(); // what the plain GETs still give, until the stream comes back
    },
    devices,
    drivers: (list) => showDrivers(list),
    routes: (list) => {
      routes.show(list);
    },
    playback: (p) => files.progress(p)
  });
  // Routes and files are asked for once as well: a server without them shows its error there.
  routes.load();
  files.load();
}

start();
