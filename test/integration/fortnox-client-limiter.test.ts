// The shared PostgreSQL rate budget on its own: exactness in one process, the ring's upkeep, and two processes
// sharing one tenant (never over the limit in any window, close to the allowed rate).
import { sql } from 'kysely';
import { createRateLimiter } from '../../src/fortnox/rate-limiter';
import { achievedPct, maxInWindow, sustainedPct, openTestDb, runWorkers, type TestDb } from '../fixtures/fortnox-helpers';

let t: TestDb;
beforeAll(async () => { t = await openTestDb(); });
afterAll(() => t.cleanup());

const key = (name: string) => `limiter-test:${name}:${Date.now()}`;
const rows = async (tenant: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from fortnox_requests where tenant_key = ${tenant}`.execute(t.db)).rows[0]!.n;

describe('shared rate limiter', () => {
  it('grants `limit` requests per window, then says how long to wait', async () => {
    const limiter = createRateLimiter(t.db, { limit: 5, windowMs: 400, marginMs: 50 });
    const tenant = key('exact');
    const started = Date.now();
    for (let i = 0; i < 5; i++) await (await limiter.acquire(tenant)).release();
    expect(Date.now() - started).toBeLessThan(300);
    const denied = await limiter.tryAcquire(tenant);
    expect(denied.permit).toBeNull();
    expect(denied.waitMs).toBeGreaterThan(250);
    expect(denied.waitMs).toBeLessThanOrEqual(450);
    await (await limiter.acquire(tenant)).release();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(await rows(tenant)).toBe(5); // a ring of slots: the table does not grow
  });

  it('keeps the ring at the configured size (new limit, or rows removed by someone else)', async () => {
    const tenant = key('resize');
    await createRateLimiter(t.db, { limit: 6, windowMs: 200 }).acquire(tenant);
    expect(await rows(tenant)).toBe(6);
    await createRateLimiter(t.db, { limit: 3, windowMs: 200 }).acquire(tenant);
    expect(await rows(tenant)).toBe(3);
    await sql`delete from fortnox_requests where tenant_key = ${tenant}`.execute(t.db);
    await createRateLimiter(t.db, { limit: 3, windowMs: 200 }).acquire(tenant);
    expect(await rows(tenant)).toBe(3);
  });

  it('a slot in flight is not reused until released, then counts from the answer', async () => {
    const limiter = createRateLimiter(t.db, { limit: 1, windowMs: 200, marginMs: 0 });
    const tenant = key('lease');
    const inFlight = await limiter.acquire(tenant, 10_000);
    await new Promise((r) => setTimeout(r, 300)); // longer than the window: still held
    expect((await limiter.tryAcquire(tenant)).permit).toBeNull();
    await inFlight.release();
    const released = Date.now();
    await (await limiter.acquire(tenant)).release();
    expect(Date.now() - released).toBeGreaterThanOrEqual(150);
  });

  it('a crashed holder\'s slot frees when its lease ends', async () => {
    const limiter = createRateLimiter(t.db, { limit: 1, windowMs: 100, marginMs: 0 });
    const tenant = key('crash');
    await limiter.acquire(tenant, 300); // never released
    const started = Date.now();
    await (await limiter.acquire(tenant)).release();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('penalize marks the whole window used', async () => {
    const limiter = createRateLimiter(t.db, { limit: 3, windowMs: 300, marginMs: 0 });
    const tenant = key('penalize');
    await (await limiter.acquire(tenant)).release();
    await limiter.penalize(tenant);
    const r = await limiter.tryAcquire(tenant);
    expect(r.permit).toBeNull();
    expect(r.waitMs).toBeGreaterThan(200);
  });

  it('many concurrent acquirers in one process never exceed the limit', async () => {
    const limiter = createRateLimiter(t.db, { limit: 10, windowMs: 500, marginMs: 20 });
    const tenant = key('concurrent');
    const grants: number[] = [];
    const stopAt = Date.now() + 1600;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (Date.now() < stopAt) {
        const permit = await limiter.acquire(tenant);
        grants.push(Date.now());
        await permit.release();
      }
    }));
    expect(maxInWindow(grants, 500)).toBeLessThanOrEqual(10);
    expect(grants.length).toBeGreaterThanOrEqual(30);
  });

  it('two processes share one budget: ≤ limit in any window, ≥ 85 % of the allowed rate', async () => {
    const tenant = key('two-processes');
    const limit = 25;
    const windowMs = 2000;
    const durationMs = 6000;
    const startAt = Date.now() + 4000; // both children are up by then
    const results = await runWorkers(2, {
      MODE: 'limiter', TENANT: tenant, RATE_LIMIT: String(limit), WINDOW_MS: String(windowMs),
      START_AT: String(startAt), DURATION_MS: String(durationMs), CONCURRENCY: '4', DATABASE_URL: t.url,
    });
    const grants = results.flatMap((r) => r.grants as number[]);
    const perProcess = results.map((r) => (r.grants as number[]).length);
    const worst = maxInWindow(grants, windowMs);
    const ratePct = achievedPct(grants, limit, windowMs, durationMs);
    const sustained = sustainedPct(grants, limit, windowMs);
    console.log(`limiter, 2 processes: ${grants.length} grants (${perProcess.join(' + ')}) in ${durationMs} ms; max in a ${windowMs} ms window ${worst}/${limit}; ` +
      `${ratePct.toFixed(1)} % of the allowed rate over whole windows, ${sustained.toFixed(1)} % sustained`);
    expect(worst).toBeLessThanOrEqual(limit);
    expect(ratePct).toBeGreaterThanOrEqual(85);
    expect(sustained).toBeGreaterThanOrEqual(85);
    expect(Math.min(...perProcess)).toBeGreaterThan(0);
  });
});
