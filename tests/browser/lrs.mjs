// A real learning record store for the tests: Ralph (the PyPI package `ralph-malph`, which
// `./dev setup` installs into .tools/ralph), on loopback, with its file-system backend and
// one test account, all in a temporary folder that goes when it stops.
//
// Ralph 5.1.0's file-system backend stores only the first batch POSTed to it and answers 500
// to every later one; `ralph/sitecustomize.py` (on PYTHONPATH here) makes it append instead,
// and says why.
//
// Ralph answers a browser's CORS preflight with 405, and wants HTTP basic credentials, which
// must never reach a page: so a page reaches it as an intranet would, through a same-origin
// path of the test server that adds the credentials (`proxy`, for server.mjs's `proxies`).

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { eventually } from './wait.mjs';
import { freePort } from './server.mjs';

/// The Ralph `./dev setup` installs, or RALPH (the path of another `ralph`).
export const RALPH = process.env.RALPH ?? new URL('../../.tools/ralph/bin/ralph', import.meta.url).pathname;

/// The xAPI version every request says it speaks.
export const XAPI_VERSION = '1.0.3';

/// Starts Ralph on a free loopback port and resolves, once it answers its heartbeat, to
/// { origin (its root), xapi (its xAPI endpoint, ending `/`), authorization (the header value
/// of the test account), proxy(prefix) (an entry for server.mjs's `proxies`), output() (what
/// it printed, for a failure's message), stop() }.
export async function startLrs({ user = 'cyberdrill', password = 'cyberdrill-test' } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'cyberdrill-lrs-'));
  const env = {
    ...process.env,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: new URL('./ralph/', import.meta.url).pathname,
    // Its history of writes and its auth file in the temporary folder, not the user's home.
    RALPH_APP_DIR: dir,
    RALPH_HISTORY_FILE: join(dir, 'history.json'),
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_AUTH_FILE: join(dir, 'auth.json'),
    // Ralph 5.1.0's command-line backends read DATA; the server's statements go where LRS says
    // (without it, `fs_lrs.jsonl` lands in the working directory).
    RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH: dir,
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: dir,
  };
  try {
    await promisify(execFile)(RALPH, ['auth', '-u', user, '-p', password, '-s', 'all', '-M', 'mailto:test@example.org', '-w'], { cwd: dir, env });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const hint = error.code === 'ENOENT' ? ` (${RALPH} is missing: run ./dev setup)` : '';
    throw new Error(`ralph auth failed${hint}: ${error.stderr ?? error.message}`);
  }
  const port = await freePort();
  // Its own process group: `runserver` is uvicorn with a reloader, whose server is a child.
  const child = spawn(RALPH, ['runserver', '-b', 'fs', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.on('data', (chunk) => { printed += chunk; });
  child.stderr.on('data', (chunk) => { printed += chunk; });
  const exited = new Promise((ok) => child.once('exit', ok));
  let gone = false;
  exited.then(() => { gone = true; });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await exited;
    // The whole group, the reloader's server too.
    await eventually(() => {
      try {
        process.kill(-child.pid, 0);
      } catch {
        return;
      }
      throw new Error(`Ralph's process group ${child.pid} is still running`);
    });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(async () => {
      if (gone) return;
      const answer = await fetch(`${origin}/__heartbeat__`);
      if (answer.status !== 200) throw new Error(`heartbeat: ${answer.status}`);
    });
    if (gone) throw new Error('Ralph stopped before it answered');
  } catch (error) {
    await stop();
    throw new Error(`Ralph did not start on ${origin}: ${error.message}\n${printed}`);
  }
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const xapi = `${origin}/xAPI/`;
  return {
    origin,
    xapi,
    authorization,
    proxy: (prefix) => ({ prefix, target: xapi, headers: { Authorization: authorization } }),
    output: () => printed,
    stop,
  };
}
