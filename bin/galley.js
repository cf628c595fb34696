#!/usr/bin/env node
// The published entry point runs the esbuild bundle built by `npm run build:cli` (also on install).
import '../dist/galley.mjs';
