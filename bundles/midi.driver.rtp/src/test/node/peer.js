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

session.on('ready', () => {
  emit('ready', { port, ssrc: session.ssrc });
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
  setTimeout(() => process.exit(code), 500).unref();
  session.end(() => process.exit(code));
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
