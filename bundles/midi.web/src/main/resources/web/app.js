// The page: one /api/events stream feeds the device and driver tables and every device picker;
// routes and playback progress come the same way. Each section is its own module.

import { takeTokenFromAddress } from './api.js';
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

  openStream('/api/events', [], {
    onOpen: () => {
      setStatus('live', 'live');
      showError('devices-error', null);
    },
    onError: (message, final) => {
      setStatus(final ? 'offline' : 'reconnecting…', final ? 'error' : 'connecting');
      if (final) {
        showError('devices-error', message);
      }
    },
    devices: (devices) => {
      showDevices(devices);
      traffic.setDevices(devices);
      keyboard.setDevices(devices);
      routes.setDevices(devices);
      files.setDevices(devices);
      document.body.dataset.devices = 'shown'; // for tests and scripts: the first table is drawn
    },
    drivers: (drivers) => showDrivers(drivers),
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
