#!/usr/bin/env node
// An RTP-MIDI/AppleMIDI peer made of an independent implementation, the npm package rtpmidi
// (node-rtpmidi), for midihost's interoperability tests. Driven by a test over stdin/stdout:
//
//   node peer.js PORT [HOST:PORT]
//
// starts a session on 127.0.0.1:PORT (control) and PORT+1 (data); with HOST:PORT it invites
// that endpoint (its control port; the data port is the next one), otherwise it waits to be
// invited. rtpmidi answers on the remote's control port only when that port is even.
//
// stdout, one JSON object per line (rtpmidi's own log goes to stderr):
//   {"event":"ready","port":P,"ssrc":S}
//   {"event":"connected","name":N,"ssrc":S,"address":A,"port":P}   both ports are set up
//   {"event":"control","command":C,...}                              an AppleMIDI packet it got
//   {"event":"synced","latency":L,"timeDifference":D}               CK done: it can send MIDI now
//   {"event":"rtp","sequenceNumber":Q,"journal":B,"channelJournals":K,"commands":M}
//   {"event":"message","bytes":[...]}                               a MIDI message it got
//   {"event":"sent","messages":M,"streams":K}                       a send command was queued
//   {"event":"ended","name":N,"ssrc":S}                             the session ended (BY)
//   {"event":"error","message":T}
//   {"event":"mdns-published","name":N,"port":P}                   PEER_PUBLISH: announced
//   {"event":"mdns-up","name":N,"port":P,"host":H,"addresses":[...]} PEER_BROWSE: an _apple-midi._udp service
//   {"event":"mdns-address","host":H,"address":A}                   PEER_BROWSE: an A record of a service's host
//   {"event":"mdns-down","name":N}                                  PEER_BROWSE: it went (goodbye)
//
// mDNS/DNS-SD with the npm package bonjour-service (pure JavaScript, over multicast-dns), on the
// interface address in PEER_MDNS (e.g. 192.0.2.2): PEER_PUBLISH=NAME announces this session as
// NAME._apple-midi._udp on PORT; PEER_BROWSE=1 browses for _apple-midi._udp services.
//
// stdin, one JSON object per line:
//   {"cmd":"send","bytes":[...]}  or  {"cmd":"send","messages":[[...],[...]]}  (one packet)
//   {"cmd":"end"}    ends the sessions (rtpmidi sends BY)
//   {"cmd":"exit"}   exits; so does closing stdin
'use strict';

const readline = require('readline');

function emit(event, fields) {
  process.stdout.write(`${JSON.stringify(Object.assign({ event }, fields))}\n`);
}

// rtpmidi logs through winston's Console transport, which writes to stdout; move it to stderr
// before rtpmidi loads (its mDNS module logs on load that Bonjour is not available).
const logger = require('rtpmidi/src/logger');
logger.transports.forEach((t) => {
  // eslint-disable-next-line no-param-reassign
  t.stderrLevels = {
    error: true, warn: true, info: true, http: true, verbose: true, debug: true, silly: true,
  };
});
logger.level = process.env.PEER_LOG_LEVEL || 'warn';
const rtpmidi = require('rtpmidi');

const port = Number(process.argv[2]);
const invite = process.argv[3];
if (!Number.isInteger(port) || port <= 0 || port > 65534) {
  process.stderr.write('usage: node peer.js PORT [HOST:PORT]\n');
  process.exit(2);
}

// A random SSRC (rtpmidi's default) unless PEER_SSRC is given; two peers must not share one.
const ssrc = process.env.PEER_SSRC ? Number(process.env.PEER_SSRC) : undefined;
const session = new rtpmidi.Session(port, 'node-rtpmidi', 'node-rtpmidi', ssrc, false);

session.on('error', (e) => {
  emit('error', { message: String(e && e.message ? e.message : e) });
  process.exit(1);
});

// mDNS (optional): bonjour-service bound to 0.0.0.0:5353 (multicast-dns would bind the interface
// address, which receives no multicast on Linux), joined and sending on the PEER_MDNS interface.
let bonjour = null;
if (process.env.PEER_MDNS) {
  // eslint-disable-next-line global-require
  const { Bonjour } = require('bonjour-service');
  bonjour = new Bonjour({ interface: process.env.PEER_MDNS, bind: '0.0.0.0' },
    (e) => emit('error', { message: `mdns: ${e && e.message ? e.message : e}` }));
  if (process.env.PEER_BROWSE) {
    const browser = bonjour.find({ type: 'apple-midi', protocol: 'udp' });
    // A service's addresses come from the A records sent along with its SRV record; a responder
    // that sends them in a packet of their own leaves them empty here, so ask for the host's A
    // record, as a resolver does, and print what answers it.
    const hosts = new Set();
    bonjour.server.mdns.on('response', (packet) => {
      packet.answers.concat(packet.additionals || []).forEach((r) => {
        if (r.type === 'A' && hosts.has(r.name)) {
          emit('mdns-address', { host: r.name, address: r.data });
        }
      });
    });
    browser.on('up', (s) => {
      emit('mdns-up', {
        name: s.name, port: s.port, host: s.host, addresses: s.addresses || [],
      });
      hosts.add(s.host);
      bonjour.server.mdns.query([{ name: s.host, type: 'A' }]);
    });
    browser.on('down', (s) => emit('mdns-down', { name: s.name }));
  }
}

session.on('ready', () => {
  emit('ready', { port, ssrc: session.ssrc });
  if (bonjour && process.env.PEER_PUBLISH) {
    const service = bonjour.publish({
      name: process.env.PEER_PUBLISH, type: 'apple-midi', protocol: 'udp', port, disableIPv6: true,
    });
    service.on('up', () => emit('mdns-published', { name: service.name, port }));
    service.on('error', (e) => emit('error', { message: `mdns publish: ${e && e.message ? e.message : e}` }));
  }
  if (invite) {
    const i = invite.lastIndexOf(':');
    session.connect({ address: invite.slice(0, i), port: Number(invite.slice(i + 1)) });
  }
});

session.on('controlMessage', (m) => {
  const fields = { command: m.command, ssrc: m.ssrc };
  if (m.command === 'synchronization') {
    fields.count = m.count;
  } else if (m.command === 'receiver_feedback') {
    fields.sequenceNumber = m.sequenceNumber;
  } else {
    fields.token = m.token;
    fields.name = m.name;
  }
  emit('control', fields);
});

session.on('streamAdded', (e) => {
  const s = e.stream;
  const r = s.rinfo1 || {};
  emit('connected', {
    name: s.name, ssrc: s.ssrc, address: r.address, port: r.port,
  });
  // rtpmidi sends MIDI on a stream only once it has latency and time difference (CK).
  let synced = false;
  const check = () => {
    if (!synced && s.latency !== null && s.timeDifference !== null) {
      synced = true;
      emit('synced', { latency: s.latency, timeDifference: s.timeDifference });
    }
  };
  s.on('control-message', check);
  check();
});

session.on('streamRemoved', (e) => {
  emit('ended', { name: e.stream.name, ssrc: e.stream.ssrc });
});

session.on('midi', (m) => {
  emit('rtp', {
    sequenceNumber: m.sequenceNumber,
    journal: !!m.hasJournal,
    channelJournals: m.journal ? m.journal.channelJournals.length : 0,
    commands: m.commands.length,
  });
});

session.on('message', (deltaTime, message) => {
  emit('message', { bytes: Array.from(message) });
});

let exiting = false;
function exit(code) {
  if (exiting) {
    return;
  }
  exiting = true;
  setTimeout(() => process.exit(code), 1500).unref();
  const endSession = () => session.end(() => process.exit(code));
  if (bonjour) {
    bonjour.unpublishAll(() => bonjour.destroy(endSession)); // goodbyes first
  } else {
    endSession();
  }
}

const commands = readline.createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  let c;
  try {
    c = JSON.parse(line);
  } catch (e) {
    emit('error', { message: `not JSON: ${line}` });
    return;
  }
  switch (c.cmd) {
    case 'send': {
      const messages = c.messages || [c.bytes];
      // Queued in one tick, rtpmidi bundles them into one packet. Its one-argument form throws.
      messages.forEach((b) => session.sendMessage(session.startTime + session.now(), b));
      emit('sent', { messages: messages.length, streams: session.getStreams().length });
      break;
    }
    case 'end':
      session.streams.slice().forEach((s) => s.end());
      break;
    case 'exit':
      exit(0);
      break;
    default:
      emit('error', { message: `unknown command: ${line}` });
  }
});
commands.on('close', () => exit(0));

session.start();
