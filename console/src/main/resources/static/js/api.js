// The console's only way to the platform: same-origin calls to /api/<service>/..., with the signed-in token.
const TOKEN_KEY = 'ep.console.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
  me: null,
};

/** An answer that is not 2xx: the problem details of the service (or the console), kept whole. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The field a problem is about: reporting's `field`, else config-service's "field: message" detail prefix. */
  field() {
    if (this.problem.field) return this.problem.field;
    const m = /^([A-Za-z][\w.\[\]-]*):\s/.exec(this.problem.detail || '');
    return m ? m[1] : null;
  }
}

export async function api(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  const token = session.token();
  if (token) h.Authorization = `Bearer ${token}`;
  const init = { method, headers: h };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = { detail: text.slice(0, 300) }; }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const config = (method, path, body) => api(method, `/api/config${path}`, body);
export const reporting = (method, path, body) => api(method, `/api/reporting${path}`, body);
