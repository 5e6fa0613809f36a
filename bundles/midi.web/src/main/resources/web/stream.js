// Server-sent event streams (/api/events, /api/traffic) with the failure made readable: EventSource
// does not say why it failed, so on failure the same URL is asked with fetch for the server's message.

import { streamFailure, streamUrl } from './api.js';

/**
 * Opens an event stream.
 * @param {string} path e.g. /api/traffic
 * @param {Array<[string,string]>} params query parameters
 * @param {object} handlers eventName → function(data), plus optional
 *        onOpen(), onError(message, final) — final when EventSource gave up (the server refused)
 * @param {object} [options] giveUpOnRefusal: no new attempt after the server refused with a message
 * @returns {{close: function}}
 */
export function openStream(path, params, handlers, options = {}) {
  let source = null;
  let closed = false;
  let retry = null;

  const connect = () => {
    source = new EventSource(streamUrl(path, new URLSearchParams(params)));
    source.addEventListener('open', () => handlers.onOpen && handlers.onOpen());
    for (const [name, fn] of Object.entries(handlers)) {
      if (name === 'onOpen' || name === 'onError') {
        continue;
      }
      source.addEventListener(name, (e) => {
        let data;
        try {
          data = JSON.parse(e.data);
        } catch (err) {
          handlers.onError && handlers.onError(`the server sent a ${name} event that is not JSON: ${String(e.data).slice(0, 80)}`, false);
          return;
        }
        fn(data);
      });
    }
    source.addEventListener('error', async () => {
      if (closed) {
        return;
      }
      if (source.readyState === EventSource.CONNECTING) {
        // the browser reconnects by itself (the server went away for a moment)
        handlers.onError && handlers.onError('connection lost, reconnecting…', false);
        return;
      }
      // CLOSED: the server answered with an error (or not an event stream); say why, then try again later
      const failure = await streamFailure(path, params);
      if (closed) {
        return;
      }
      if (failure && failure.status === 401) {
        connect(); // the user gave a token (streamFailure asked for it): at once with it
        return;
      }
      handlers.onError && handlers.onError(failure ? failure.message : 'the stream ended', true);
      if (failure && failure.status >= 400 && failure.status < 500 && options.giveUpOnRefusal) {
        return; // e.g. an endpoint that is not there: the user picks again
      }
      retry = setTimeout(() => {
        retry = null;
        if (!closed) {
          connect();
        }
      }, 3000);
    });
  };
  connect();
  return {
    close() {
      closed = true;
      if (retry) {
        clearTimeout(retry);
      }
      if (source) {
        source.close();
      }
    }
  };
}
