// A small static server for the browser tests and the benchmark: serves folders under URL
// prefixes, gzips what a static server would, and lets a test add headers (CSP, CORS) or
// special routes (failures) per request, or forward a path to another server as an intranet's
// reverse proxy would (the learning record store, tests/browser/lrs.mjs). Loopback only.

import { createServer, request } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.md', '.txt', '.wasm', '.svg']);

/// Serves `mounts` ([{ prefix: '/x/', dir }]) and `routes` ({ '/path': (req, res) => … }) on
/// 127.0.0.1; `headers(pathname)` adds response headers; `proxies` ([{ prefix: '/lrs/', target:
/// 'http://127.0.0.1:port/xAPI/', headers }]) forward every request under a prefix to the
/// target, adding `headers` (credentials) on the way, as the intranet's reverse proxy does, so
/// the page sends them nothing. Resolves to { origin, close, hits }.
export async function serve({ mounts = [], routes = {}, proxies = [], headers = () => ({}) } = {}) {
  const hits = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    hits.push(url.pathname);
    for (const [name, value] of Object.entries(headers(url.pathname, req))) res.setHeader(name, value);
    const proxy = proxies.find(({ prefix }) => url.pathname.startsWith(prefix));
    if (proxy) return forward(req, res, url, proxy);
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    const route = routes[url.pathname];
    if (route) return route(req, res, url);
    for (const { prefix, dir } of mounts) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rest = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
      const root = resolve(dir);
      const file = normalize(join(root, rest.endsWith('/') ? `${rest}index.html` : rest));
      if (!file.startsWith(root)) break;
      try {
        if (!(await stat(file)).isFile()) break;
        return respond(req, res, await readFile(file), extname(file));
      } catch {
        break;
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    hits,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

/// Forwards `req` (at `url`) to `target` with the path after `prefix`, its query, its method
/// and body, and `headers` added (in place of any the browser sent under those names); answers
/// with the target's answer as it comes, or 502 when the target cannot be reached. Paths that
/// would leave the target's folder are not forwarded.
///
/// A test can make the proxy misbehave, as an intranet's can: `answer(req)` returning a status
/// answers with it instead of forwarding (an LRS that is down, failing or refusing), or
/// returning `'drop'` closes the connection with no answer at all; `before(req,
/// body)`, awaited before forwarding, sees each request's body (to count what was sent) and can
/// hold it back (a reload while a request is in flight).
async function forward(req, res, url, { prefix, target, headers = {}, answer, before }) {
  const rest = url.pathname.slice(prefix.length);
  if (rest.startsWith('/') || rest.split('/').includes('..')) return res.writeHead(404).end();
  const status = answer?.(req);
  if (status === 'drop') return req.socket.destroy();
  if (status) return res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`the test proxy answers ${status}`);
  let body;
  if (before) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    body = Buffer.concat(chunks);
    await before(req, body.toString('utf8'));
  }
  const to = new URL(`${rest}${url.search}`, target);
  const sent = { ...req.headers, host: to.host };
  for (const [name, value] of Object.entries(headers)) sent[name.toLowerCase()] = value;
  const upstream = request(to, { method: req.method, headers: sent }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`the proxy could not reach ${to.origin}: ${error.message}`);
  });
  if (body === undefined) req.pipe(upstream);
  else upstream.end(body);
}

/// Sends `body` as this server sends a file whose name ends in `ext`: its type, no-cache, and
/// gzip when the request accepts it (for routes that serve what is not a file).
export function respond(req, res, body, ext) {
  res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', 'no-cache');
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body);
    res.setHeader('Content-Encoding', 'gzip');
  }
  return res.writeHead(200).end(body);
}

/// The built bundle, as `./dev build` leaves it (or CYBERDRILL_DIST, to test another build).
export const DIST = resolve(process.env.CYBERDRILL_DIST ?? new URL('../../dist', import.meta.url).pathname);

/// A loopback port nothing is listening on (for a server another program starts).
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
