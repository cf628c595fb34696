import path from 'node:path';
import { uniqueGate } from '../content/check-unique.ts';
import { linksGate } from '../links/check-links.ts';
import type { Finding } from '../report/finding.ts';
import { vendorGate } from '../pins/check-vendor.ts';
import type { Gate } from './gate.ts';
import { leakMemoKey } from './leak-memo.ts';

/**
 * The leak scan over every output file. A file's findings are kept by `leakMemoKey`: an
 * unchanged page is not rescanned, nor is an entry page its worker scanned as it rendered it.
 * What cannot be traced to a source names the output.
 */
const leakGate: Gate = {
  name: 'leak',
  async run(ctx) {
    const { scanFiles } = await import('../leak/index.ts');
    const { allow } = ctx.config.leak;
    const memo = (rel: string, scan: () => Finding[]) => {
      const key = leakMemoKey(allow, rel, ctx.outputs.get(rel)!.sha256);
      let findings = ctx.cache.leaks.get(key);
      if (!findings) ctx.cache.leaks.set(key, (findings = scan()));
      return findings;
    };
    const traced = await scanFiles([...ctx.outputs.keys()].sort(), ctx.read, { allow, sources: ctx.sources, root: ctx.root, memo });
    const sourceFiles = new Set(ctx.sources.values());
    return traced.map((f) => (sourceFiles.has(f.file) ? f : { ...f, file: path.posix.join(ctx.config.paths.output, f.file) }));
  },
};

// The gates over the planned output, in report order.
export const gates: Gate[] = [uniqueGate, linksGate, vendorGate, leakGate];
