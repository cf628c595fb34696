import { uniqueGate } from '../content/check-unique.ts';
import { linksGate } from '../links/check-links.ts';
import { vendorGate } from '../vendor/check-vendor.ts';
import type { Gate } from './gate.ts';

// The gates over the finished staging tree, in report order. The leak gate joins here as
// `{ name: 'leak', run: (ctx) => scanTree(ctx.stagingDir, { allow: ctx.config.leak.allow, sources: ctx.sources }) }`.
export const gates: Gate[] = [uniqueGate, linksGate, vendorGate];
