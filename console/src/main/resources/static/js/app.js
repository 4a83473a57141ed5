// Router and sign-in. Views render into <main>; every call goes through api.js.
import { session, config, ApiError } from './api.js';
import { alertError, say, el } from './dom.js';
import { experimentsView } from './experiments.js';
import { createView } from './create.js';
import { detailView } from './detail.js';
import { layersView } from './layers.js';
import { diagnosticsView, powerView } from './diagnostics.js';

const main = document.getElementById('main');

const routes = [
  [/^#\/experiments$/, () => experimentsView(main)],
  [/^#\/experiments\/new$/, () => createView(main)],
  [/^#\/experiments\/([a-z0-9-]+)\/edit$/, (m) => createView(main, m[1])],
  [/^#\/experiments\/([a-z0-9-]+)$/, (m) => detailView(main, m[1])],
  [/^#\/layers$/, () => layersView(main)],
  [/^#\/diagnostics$/, () => diagnosticsView(main)],
  [/^#\/power$/, () => powerView(main)],
];

async function signIn(token) {
  session.set(token);
  try {
    session.me = await config('GET', '/v1/me');
  } catch (e) {
    session.clear();
    session.me = null;
    throw e;
  }
}

function showSession() {
  const signedIn = !!session.me;
  document.getElementById('sign-in-form').hidden = signedIn;
  document.getElementById('signed-in').hidden = !signedIn;
  document.body.dataset.role = signedIn ? session.me.role : '';
  if (signedIn) {
    const me = session.me;
    document.getElementById('whoami').textContent =
      `${me.name} (${me.role}${me.canWrite ? '' : ', read only'})`;
  }
}

async function render() {
  alertError('');
  say('');
  const hash = location.hash || '#/experiments';
  for (const a of document.querySelectorAll('nav a')) {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!session.me) {
    main.replaceChildren(el('h2', {}, 'Sign in'),
      el('p', {}, 'Paste your access token above. A viewer sees everything and changes nothing; owners and admins '
        + 'can create and steer experiments.'));
    document.getElementById('token').focus();
    return;
  }
  for (const [pattern, view] of routes) {
    const m = pattern.exec(hash);
    if (m) {
      try {
        await view(m);
      } catch (e) {
        alertError(e instanceof ApiError ? `${e.problem.title || 'Error'}: ${e.message}` : String(e));
      }
      return;
    }
  }
  main.replaceChildren(el('h2', {}, 'Not found'), el('p', {}, 'No such page. '), el('a', { href: '#/experiments' }, 'Experiments'));
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  try {
    await signIn(input.value.trim());
    input.value = '';
    showSession();
    say(`Signed in as ${session.me.name}.`);
    await render();
  } catch (e) {
    alertError(`Sign-in failed: ${e.message}`);
    input.focus();
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  session.clear();
  session.me = null;
  showSession();
  say('Signed out.');
  await render();
});

window.addEventListener('hashchange', render);

(async () => {
  const saved = session.token();
  if (saved) {
    try { await signIn(saved); } catch { /* expired or revoked: sign in again */ }
  }
  showSession();
  await render();
})();
