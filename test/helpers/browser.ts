import { existsSync } from 'node:fs';
import { after } from 'node:test';
import { skipUnlessCi } from './needs-tool.ts';
import { chromium, type Browser, type BrowserContextOptions, type Page, type Request, type Response } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); playwright-core brings no browser of its own. */
export const CHROMIUM_BIN = '/usr/bin/chromium';

/** Why browser tests cannot run with `bin`, or undefined when they can. */
export function chromiumSkipReason(bin: string = CHROMIUM_BIN): string | undefined {
  return existsSync(bin) ? undefined : `Chromium is not installed (${bin}); the browser tests need it`;
}

export const chromiumSkip = skipUnlessCi(chromiumSkipReason());

// Without these Chromium phones home (updates, sync, field trials) and the network here is closed;
// the failed connections would show up as noise, or as hangs.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium, closed when the test file ends. `launch` gives every run a fresh temporary
 * profile of its own, and lets one browser hold contexts with different options (JS off, CSP
 * bypass) at once.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: ARGS });
  after(() => browser.close());
  return browser;
}

export interface PageProblem {
  kind: 'console' | 'page-error' | 'request-failed' | 'http-status' | 'csp';
  text: string;
}

export interface WatchedPage {
  page: Page;
  /** Everything that went wrong on this page since it was opened, across navigations. */
  problems: PageProblem[];
  /** Requests aborted while their document was live; see assertNoProblems. */
  aborted: AbortedRequest[];
  /** Every response the page received, in order. */
  responses: Response[];
}

interface AbortedRequest {
  problem: PageProblem;
  /** The document URL (no hash) that issued the request. */
  issuedFrom: string;
}

function withoutHash(url: string): string {
  return url.split('#')[0]!;
}

const CSP_BINDING = '__galleyCspViolation';

// Runs before any script of the page (CDP, so the page's CSP does not apply to it). CSP
// violations do not always reach the console (a refused inline style in an attribute is silent),
// so the DOM event is the reliable signal.
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  window.${CSP_BINDING}(e.violatedDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || document.URL) + ':' + e.lineNumber);
}, true);`;

/** A new page in a new context that records console errors, failed requests and CSP violations. */
export async function watchedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: PageProblem[] = [];
  const aborted: AbortedRequest[] = [];
  const responses: Response[] = [];
  await page.exposeFunction(CSP_BINDING, (text: string) => problems.push({ kind: 'csp', text }));
  await page.addInitScript({ content: CSP_LISTENER });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push({ kind: 'console', text: `${msg.text()} (${msg.location().url})` });
  });
  page.on('pageerror', (error) => problems.push({ kind: 'page-error', text: error.message }));
  // A request the page was still making when it navigated away (an alias page's icon under its
  // meta refresh) is aborted by design, not failed. Whether the page moved on is only certain
  // later (the abort can arrive before 'framenavigated'), so such aborts wait in `aborted` and
  // count as problems only if the page is still the document that issued them (assertNoProblems).
  const issuedFrom = new WeakMap<Request, string>();
  page.on('request', (request) => issuedFrom.set(request, withoutHash(request.frame().url())));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    const problem: PageProblem = { kind: 'request-failed', text: `${request.url()}: ${error}` };
    if (error === 'net::ERR_ABORTED' && !request.isNavigationRequest()) aborted.push({ problem, issuedFrom: issuedFrom.get(request) ?? '' });
    else problems.push(problem);
  });
  page.on('response', (response) => {
    responses.push(response);
    if (response.status() >= 400) problems.push({ kind: 'http-status', text: `${response.status()} ${response.url()}` });
  });
  return { page, problems, aborted, responses };
}

/**
 * Go to `url` and wait until the network has been quiet, so late events (deferred scripts, CSP
 * reports, which are queued as tasks) have arrived. Returns the main document's response.
 */
export async function visit(watched: WatchedPage, url: string): Promise<Response | null> {
  const response = await watched.page.goto(url, { waitUntil: 'load' });
  await watched.page.waitForLoadState('networkidle');
  return response;
}

export function formatProblems(problems: PageProblem[]): string {
  return problems.map((p) => `  ${p.kind}: ${p.text}`).join('\n');
}

/** Fail with every recorded problem listed, not just the first. */
export function assertNoProblems(watched: WatchedPage, what: string): void {
  const current = withoutHash(watched.page.url());
  const problems = [...watched.problems, ...watched.aborted.filter((a) => a.issuedFrom === current).map((a) => a.problem)];
  if (problems.length > 0) throw new Error(`${what}: ${problems.length} problem(s) in Chromium\n${formatProblems(problems)}`);
}
