// One modal dialog for every change. Where a dry run exists, the primary button first reads "Preview" and shows
// what the change will do; only then does it read "Confirm ..." (editing a field again asks for a new preview).
// Enter does the same as the primary button, Escape cancels, focus returns to the button that opened the dialog.
import { ApiError } from './api.js';

const dialog = document.getElementById('dialog');
const form = document.getElementById('dialog-form');
const title = document.getElementById('dialog-title');
const body = document.getElementById('dialog-body');
const error = document.getElementById('dialog-error');
const preview = document.getElementById('dialog-preview');
const primary = document.getElementById('dialog-confirm');
const cancelButton = document.getElementById('dialog-cancel');

let current = null;
let busy = false;

/**
 * @param spec {title, fields: Node[], confirmLabel, preview?: async () => Node, confirm: async () => void, after?}
 */
export function openDialog(spec) {
  current = { ...spec, previewed: false, opener: document.activeElement };
  title.textContent = spec.title;
  body.replaceChildren(...spec.fields);
  error.textContent = '';
  preview.replaceChildren();
  label();
  dialog.showModal();
  const first = body.querySelector('input, select, textarea');
  (first || primary).focus();
  body.oninput = () => {
    if (current && current.preview && current.previewed) {
      current.previewed = false;
      preview.replaceChildren();
      label();
    }
  };
}

function label() {
  primary.textContent = current.preview && !current.previewed ? 'Preview' : current.confirmLabel || 'Confirm';
}

function close() {
  dialog.close();
  if (current && current.opener) current.opener.focus();
  current = null;
}

async function run(fn) {
  error.textContent = '';
  try {
    return await fn();
  } catch (e) {
    error.textContent = e instanceof ApiError ? `${e.problem.title || 'Refused'}: ${e.message}` : String(e.message || e);
    return undefined;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!current || busy) return;
  busy = true;
  try {
    const spec = current;
    if (spec.preview && !spec.previewed) {
      const node = await run(spec.preview);
      if (node && current === spec) {
        preview.replaceChildren(node);
        spec.previewed = true;
        label();
        primary.focus();
      }
      return;
    }
    const done = await run(async () => { await spec.confirm(); return true; });
    if (done) {
      close();
      if (spec.after) await spec.after();
    }
  } finally {
    busy = false;
  }
});

cancelButton.addEventListener('click', close);
dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); }); // Escape
