// `npm start`: build the site through every gate, then serve it on 127.0.0.1 until Ctrl-C.
// A composition of small steps so that publish and sync can be slotted in between.
import { buildSite, type BuildResult } from '../build/build-site.ts';
import { formatText } from '../report/format.ts';
import { GalleyError } from '../report/galley-error.ts';
import { serveStatic, type StaticServer } from '../serve/static-server.ts';
import { reportError } from './main.ts';

async function build(root: string): Promise<BuildResult> {
  const result = await buildSite({ root });
  if (result.findings.length > 0) process.stderr.write(`${formatText(result.findings)}\n`);
  if (!result.ok) throw new GalleyError('The site has findings; nothing was served', { exitCode: 1, ruleId: 'build-failed', hint: 'Fix the findings above, then run `npm start` again.' });
  return result;
}

async function serve(dir: string): Promise<StaticServer> {
  const server = await serveStatic(dir, Number(process.env.PORT ?? 8080));
  process.stdout.write(`galley: serving ${dir} at ${server.url}  (Ctrl-C to stop)\n`);
  return server;
}

function untilInterrupted(server: StaticServer): void {
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  const result = await build(process.cwd());
  untilInterrupted(await serve(result.outDir));
} catch (error) {
  process.exitCode = reportError(error, 'start', { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, interactive: false });
}
