// `npm start`: development keys if missing → the embedded SSH git server → build through every
// gate → publish into the embedded deploy repository → serve the site on 127.0.0.1 until Ctrl-C.
// A composition of small steps so that sync can be slotted in between.
import { startDevPublish, type DevPublish } from '../publish/dev-publish.ts';
import { formatText } from '../report/format.ts';
import { GalleyError } from '../report/galley-error.ts';
import { serveStatic, type StaticServer } from '../serve/static-server.ts';
import { reportError } from './main.ts';

async function buildAndPublish(root: string): Promise<DevPublish> {
  const dev = await startDevPublish({ root, env: process.env, log: (line) => process.stderr.write(`galley: ${line}\n`) });
  const { build, publish } = dev;
  if (build.findings.length > 0) process.stderr.write(`${formatText(build.findings)}\n`);
  if (!build.ok) {
    await dev.server.close();
    throw new GalleyError('The site has findings; nothing was published or served', { exitCode: 1, ruleId: 'build-failed', hint: 'Fix the findings above, then run `npm start` again.' });
  }
  const what = publish?.status === 'published' ? `published ${publish.commit?.slice(0, 12)} (${publish.tag ?? 'untagged'})` : `unchanged at ${publish?.commit?.slice(0, 12)}`;
  process.stdout.write(`galley: ${what} to ${dev.remote}\n`);
  return dev;
}

async function serve(dir: string): Promise<StaticServer> {
  const server = await serveStatic(dir, Number(process.env.PORT ?? 8080));
  process.stdout.write(`galley: serving ${dir} at ${server.url}  (Ctrl-C to stop)\n`);
  return server;
}

function untilInterrupted(servers: { close(): Promise<void> }[]): void {
  const stop = () => void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  const dev = await buildAndPublish(process.cwd());
  untilInterrupted([dev.server, await serve(dev.build.outDir)]);
} catch (error) {
  process.exitCode = reportError(error, 'start', { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, interactive: false });
}
