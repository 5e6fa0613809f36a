// Small DOM helpers. Text from the server (device names, messages) only ever goes into textContent
// or attribute values, never into markup.

/**
 * @param {string} tag element name
 * @param {object} [attrs] attributes; `text` sets textContent, `class` the class, `on*` a listener, `data` a dataset object
 * @param {...(Node|string)} children
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === 'text') {
      e.textContent = String(v);
    } else if (k === 'data') {
      Object.assign(e.dataset, v);
    } else if (k.startsWith('on') && typeof v === 'function') {
      e.addEventListener(k.slice(2), v);
    } else if (v === true) {
      e.setAttribute(k, '');
    } else {
      e.setAttribute(k, String(v));
    }
  }
  for (const c of children) {
    if (c !== null && c !== undefined) {
      e.append(c);
    }
  }
  return e;
}

export function $(id) {
  const e = document.getElementById(id);
  if (!e) {
    throw new Error('the page has no #' + id);
  }
  return e;
}

/** Shows an error line in a section (or hides it with a null message). */
export function showError(id, message) {
  const p = $(id);
  p.textContent = message || '';
  p.hidden = !message;
}

/** A short notice at the top of the page that goes away by itself. */
export function notice(text, kind = 'info') {
  const box = $('messages');
  const item = el('div', { class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status', text });
  box.append(item);
  while (box.children.length > 4) {
    box.firstElementChild.remove();
  }
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 4000);
}

/**
 * Refills a select with options, keeping the chosen value when it is still offered.
 * @param {HTMLSelectElement} select
 * @param {Array<{value:string,label:string}>} options
 * @param {Array<{value:string,label:string}>} [fixed] options that stay first (e.g. "none")
 */
export function fillSelect(select, options, fixed = []) {
  const key = JSON.stringify([fixed, options]);
  if (select.dataset.options === key) {
    return; // the same choices (only a client count changed): a select the user has open stays open
  }
  select.dataset.options = key;
  const chosen = select.value;
  select.replaceChildren(...[...fixed, ...options].map((o) => el('option', { value: o.value, text: o.label })));
  if ([...fixed, ...options].some((o) => o.value === chosen)) {
    select.value = chosen;
  }
  select.disabled = fixed.length + options.length === 0;
}

/**
 * Refills a box of checkboxes, one per endpoint, keeping what was ticked.
 * @param {HTMLElement} box
 * @param {Array<{value:string,label:string}>} options
 * @param {string} name the checkboxes' name (and data-testid prefix)
 */
export function fillChecks(box, options, name) {
  const key = JSON.stringify(options);
  if (box.dataset.options === key) {
    return; // the same choices: the boxes stay as they are, under the user's pointer
  }
  box.dataset.options = key;
  const ticked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  box.replaceChildren(...options.map((o) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name, value: o.value, checked: ticked.has(o.value), 'data-testid': `${name}-${o.value}` }),
    ' ' + o.label)));
  if (options.length === 0) {
    box.append(el('span', { class: 'muted', text: 'none' }));
  }
}

/** @returns {string[]} the ticked values of a box of checkboxes */
export function ticked(box) {
  return [...box.querySelectorAll('input:checked')].map((i) => i.value);
}

/** Milliseconds as m:ss. */
export function minutes(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) {
    return '–';
  }
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
