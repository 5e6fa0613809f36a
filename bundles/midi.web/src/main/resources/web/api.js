// The page's side of the HTTP API: the token (from #token=… or asked for after a 401, kept in
// sessionStorage), the headers every request needs, and errors turned into one readable line.

const TOKEN_KEY = 'midihost.token';

/** An HTTP or network failure, with the server's own message when it sent one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Takes a token from the address (#token=…), keeps it for this tab and removes it from the address bar. */
export function takeTokenFromAddress() {
  const hash = window.location.hash;
  if (!hash.startsWith('#')) {
    return;
  }
  const params = new URLSearchParams(hash.slice(1));
  const token = params.get('token');
  if (token === null) {
    return;
  }
  if (token !== '') {
    sessionStorage.setItem(TOKEN_KEY, token);
  }
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? '#' + rest : ''));
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

let asking = null; // the pending token prompt, shared by every request that got a 401

/**
 * Asks the user for a token (once, however many requests failed) and keeps it.
 * @param {string} reason the server's message
 * @returns {Promise<void>} when a token was entered
 */
export function askForToken(reason) {
  if (asking) {
    return asking;
  }
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  const why = document.getElementById('token-reason');
  why.textContent = reason || '';
  why.hidden = !reason;
  input.value = '';
  asking = new Promise((resolve) => {
    const done = () => {
      const value = input.value.trim();
      if (value === '') {
        dialog.showModal(); // a token is needed: the dialog stays until one is given
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, value);
      dialog.removeEventListener('close', done);
      asking = null;
      resolve();
    };
    dialog.addEventListener('close', done);
    dialog.showModal();
  });
  return asking;
}

function headers(method, extra) {
  const h = new Headers(extra || {});
  const t = token();
  if (t) {
    h.set('Authorization', 'Bearer ' + t);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    h.set('X-Midihost', '1'); // the server refuses state changes without it (a cross-site form cannot send it)
  }
  return h;
}

/** Reads a failed response's message: {"error": …} from the API, or the status line otherwise. */
async function errorOf(response) {
  const text = await response.text().catch(() => '');
  try {
    const json = JSON.parse(text);
    if (json && typeof json.error === 'string') {
      return json.error;
    }
  } catch (e) {
    // not JSON: a server page or nothing at all
  }
  const statusLine = `HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain ? `${statusLine}: ${plain.slice(0, 200)}` : statusLine;
}

/**
 * One API request. A 401 asks for the token and tries once more.
 * @param {string} method GET, POST, DELETE…
 * @param {string} path under the server, e.g. /api/devices
 * @param {object} [options] json: a value sent as JSON; body + contentType: raw bytes; headers: more headers; raw: return the Response
 * @returns {Promise<any>} the JSON answer, null for 204 (or the Response with raw)
 */
export async function request(method, path, options = {}) {
  for (let attempt = 0; ; attempt++) {
    const h = headers(method, options.headers);
    let body;
    if (options.json !== undefined) {
      h.set('Content-Type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      h.set('Content-Type', options.contentType || 'application/octet-stream');
      body = options.body;
    }
    let response;
    try {
      response = await fetch(path, { method, headers: h, body, cache: 'no-store', credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(0, `the server did not answer (${e.message})`);
    }
    if (response.status === 401 && attempt === 0) {
      await askForToken(await errorOf(response));
      continue;
    }
    if (!response.ok) {
      throw new ApiError(response.status, await errorOf(response));
    }
    if (options.raw) {
      return response;
    }
    if (response.status === 204) {
      return null;
    }
    const text = await response.text();
    return text === '' ? null : JSON.parse(text);
  }
}

/** @returns {string} the URL of an event stream, with the token as a parameter (EventSource cannot send headers) */
export function streamUrl(path, params = new URLSearchParams()) {
  const t = token();
  if (t) {
    params.set('token', t);
  }
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/**
 * Why a stream failed: EventSource hides the status, so the same URL is asked again with fetch and
 * the answer read (then dropped) — a 401 asks for the token.
 * @returns {Promise<{status:number, message:string}|null>} the server's answer, or null when it answers normally
 */
export async function streamFailure(path, params) {
  const controller = new AbortController();
  try {
    const response = await fetch(streamUrl(path, new URLSearchParams(params)), {
      headers: headers('GET'), signal: controller.signal, cache: 'no-store'
    });
    if (response.ok) {
      return null;
    }
    const message = await errorOf(response);
    if (response.status === 401) {
      await askForToken(message);
    }
    return { status: response.status, message };
  } catch (e) {
    return { status: 0, message: `the server did not answer (${e.message})` };
  } finally {
    controller.abort();
  }
}
