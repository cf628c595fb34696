import path from 'node:path';
import { uniqueGate } from '../content/check-unique.ts';
import { scanTree } from '../leak/index.ts';
import { linksGate } from '../links/check-links.ts';
import { vendorGate } from '../vendor/check-vendor.ts';
import type { Gate } from './gate.ts';

/** The leak scan over the whole staging tree; what it cannot trace to a source names the output. */
const leakGate: Gate = {
  name: 'leak',
  async run(ctx) {
    const findings = await scanTree(ctx.stagingDir, { allow: ctx.config.leak.allow, sources: ctx.sources, root: ctx.root });
    const sourceFiles = new Set(ctx.sources.values());
    return findings.map((f) =>
      sourceFiles.has(f.file) ? f : { ...f, file: path.posix.join(ctx.config.paths.output, f.file) },
    );
  },
};

// The gates over the finished staging tree, in report order.
export const gates: Gate[] = [uniqueGate, linksGate, vendorGate, leakGate];
