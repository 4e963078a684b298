// `addersim explore [--out DIR] [--serve]`: writes the explorer — a self-contained page (index.html +
// explorer.js) that runs the engine in a Web Worker and works from file:// — or serves it on localhost.
//   addersim: wrote the explorer to explorer/ — open file:///…/explorer/index.html

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { AddersimError } from '../../isa/index.ts';
import { explorerFiles } from '../../explore/assets.ts';
import { UsageError } from '../errors.ts';
import { writeFileAtomic, type Io } from '../io.ts';
import { positiveInt } from './latency.ts';

interface ExploreFlags {
  out?: string;
  serve?: boolean;
  port?: string;
  open: boolean;
}

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };

/** Tries `xdg-open` (or `open` on macOS); a missing opener is not an error: the URL is printed anyway. */
function tryOpen(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener on this machine
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('explore')
    .description('write the interactive explorer page (works from file://, no network) or serve it on localhost')
    .option('--out <dir>', 'folder to write index.html and explorer.js into (default: explorer)')
    .option('--serve', 'serve the page on 127.0.0.1 and open it in a browser')
    .option('--port <n>', 'port for --serve (default: a free one)')
    .option('--no-open', 'with --serve: print the URL without opening a browser')
    .action(async (flags: ExploreFlags) => {
      const port = flags.port === undefined ? 0 : positiveInt('--port', flags.port)!;
      if (flags.port !== undefined && !flags.serve) throw new UsageError('--port goes with --serve');
      if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
      const files = await explorerFiles();
      if (!flags.serve || flags.out !== undefined) {
        const dir = resolve(flags.out ?? 'explorer');
        // Outputs never destroy what they did not make: replace index.html / explorer.js only in an earlier explorer.
        const html = join(dir, 'index.html');
        const ours = existsSync(html) && readFileSync(html, 'utf8').includes('<title>addersim explorer</title>');
        for (const name of Object.keys(files)) {
          if (!ours && existsSync(join(dir, name)))
            throw new AddersimError(
              'BAD_INPUT',
              `refusing to replace ${name}: the folder holds one that is not an addersim explorer's; give a new folder or remove it`,
              flags.out ?? 'explorer',
            );
        }
        for (const [name, text] of Object.entries(files)) writeFileAtomic(join(dir, name), text);
        io.err(`addersim: wrote the explorer to ${flags.out ?? 'explorer'}/ — open ${pathToFileURL(join(dir, 'index.html')).href}`);
      }
      if (!flags.serve) return;
      const server = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        const name = path === '/' ? 'index.html' : path.slice(1);
        const body = Object.hasOwn(files, name) ? files[name] : undefined;
        if (req.method !== 'GET' || body === undefined) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          return;
        }
        res.writeHead(200, { 'content-type': TYPES[name.split('.').pop()!] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
      });
      await new Promise<void>((ok, fail) => {
        server.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? new UsageError(`--port ${port} is in use`) : e));
        server.listen(port, '127.0.0.1', () => ok());
      });
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
      io.out(`${url}\n`);
      io.err('addersim: serving the explorer (Ctrl-C stops)');
      if (flags.open) tryOpen(url);
      await new Promise<void>((done) => {
        const stop = (): void => {
          server.close(() => done());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
