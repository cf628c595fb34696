// The peer baseline: Eleventy 3 building the same Markdown through a minimal layout.
// Usage: node bench/eleventy-build.mjs <corpus> <out>
import Eleventy from '@11ty/eleventy';

const [input, output] = process.argv.slice(2);
const layout = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ summary }}</p>{{ content | safe }}</main></body></html>
`;
const elev = new Eleventy(`${input}/content`, output, {
  quietMode: true,
  config(config) {
    // The bench's corpora live under bench/out/, which .gitignore lists: Eleventy would skip them all.
    config.setUseGitIgnore(false);
    config.addTemplate('_includes/entry.njk', layout);
    config.addGlobalData('layout', 'entry.njk');
  },
});
await elev.write();
