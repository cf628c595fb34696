import { test } from 'node:test';

// The docs book (design §8) renders Markdown only so far; when it writes HTML, these run against
// it with the same harness (test/helpers/browser.ts) and its CSS joins templates/assets/.
const pending = 'the docs book has no HTML output yet (galley docs writes Markdown)';
test.todo(`docs book: sidebar, previous/next links and ←/→ keys walk every page in SUMMARY order (${pending})`);
test.todo(`docs book: print.html lays out every chapter (${pending})`);
test.todo(`docs book: with JavaScript disabled every page still shows its content (${pending})`);
test.todo(`docs book: axe-core finds no serious or critical violation; screenshot in test/artifacts/ (${pending})`);
