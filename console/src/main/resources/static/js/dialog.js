// One modal dialog for every change: a form, an optional dry-run preview that must be seen before confirming,
// Enter confirms (or previews first), Escape cancels, focus returns to the button that opened it.
import { ApiError } from './api.js';

const dialog = document.getElementById('dialog');
const form = document.getElementById('dialog-form');
const title = document.getElementById('dialog-title');
const body = document.getElementById('dialog-body');
const error = document.getElementById('dialog-error');
const preview = document.getElementById('dialog-preview');
const previewButton = document.getElementById('dialog-preview-button');
const confirmButton = document.getElementById('dialog-confirm');
const cancelButton = document.getElementById('dialog-cancel');

let current = null;

/**
 * @param spec {title, fields: Node[], confirmLabel, preview?: async () => Node, confirm: async () => void}
 */
export function openDialog(spec) {
  const opener = document.activeElement;
  current = { ...spec, previewed: false, opener };
  title.textContent = spec.title;
  body.replaceChildren(...spec.fields);
  error.textContent = '';
  preview.replaceChildren();
  previewButton.hidden = !spec.preview;
  confirmButton.textContent = spec.confirmLabel || 'Confirm';
  confirmButton.disabled = !!spec.preview;
  dialog.showModal();
  const first = body.querySelector('input, select, textarea');
  (first || confirmButton).focus();
  // editing after a preview invalidates it
  body.oninput = () => {
    if (current && current.preview) {
      current.previewed = false;
      confirmButton.disabled = true;
      preview.replaceChildren();
    }
  };
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

previewButton.addEventListener('click', async () => {
  const node = await run(current.preview);
  if (node) {
    preview.replaceChildren(node);
    current.previewed = true;
    confirmButton.disabled = false;
    confirmButton.focus();
  }
});

confirmButton.addEventListener('click', async () => {
  if (!current || confirmButton.disabled) return;
  const spec = current;
  const done = await run(async () => { await spec.confirm(); return true; });
  if (done) {
    close();
    if (spec.after) await spec.after();
  }
});

cancelButton.addEventListener('click', close);
dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); }); // Escape
form.addEventListener('submit', (e) => {
  e.preventDefault(); // Enter in a field: preview first where a preview is required, then confirm
  if (current && current.preview && !current.previewed) previewButton.click();
  else confirmButton.click();
});
