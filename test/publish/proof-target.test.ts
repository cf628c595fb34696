import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, type UserConfig } from '../../src/config/schema.ts';
import { proofTarget } from '../../src/publish/served-proof.ts';

// Where publish proves a release, how long it waits and how many answers in a row it needs.
const cases: { name: string; config: UserConfig; options?: { url?: string; timeoutSeconds?: number }; url: string; timeoutMs: number; consecutive: number }[] = [
  { name: 'defaults: site.baseUrl, three 30 s sync intervals plus 30 s, one pod', config: {}, url: 'http://127.0.0.1:8080', timeoutMs: 120_000, consecutive: 1 },
  { name: 'publish.confirm.url wins over site.baseUrl', config: { site: { baseUrl: 'https://example.org/' }, publish: { confirm: { url: 'https://origin.example.org/' } } }, url: 'https://origin.example.org', timeoutMs: 120_000, consecutive: 1 },
  { name: '--confirm-url and --confirm-timeout win over the config', config: { publish: { confirm: { url: 'https://a.example.org', timeout: 10 } } }, options: { url: 'http://127.0.0.1:9/', timeoutSeconds: 5 }, url: 'http://127.0.0.1:9', timeoutMs: 5_000, consecutive: 1 },
  { name: 'the sync interval sets the wait', config: { publish: { confirm: { syncInterval: 5 } } }, url: 'http://127.0.0.1:8080', timeoutMs: 45_000, consecutive: 1 },
  { name: 'two replicas: 16 answers in a row', config: { publish: { confirm: { replicas: 2 } } }, url: 'http://127.0.0.1:8080', timeoutMs: 120_000, consecutive: 16 },
];

for (const c of cases) {
  test(c.name, () => {
    const target = proofTarget(configSchema.parse(c.config), c.options);
    assert.deepEqual({ url: target.url, timeoutMs: target.timeoutMs, consecutive: target.consecutive }, { url: c.url, timeoutMs: c.timeoutMs, consecutive: c.consecutive });
  });
}
