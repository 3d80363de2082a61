import pg from 'pg';

/**
 * Cross-process mutual exclusion through PostgreSQL session advisory locks, on a pool of its own: a lock holder
 * never waits for a connection that lock waiters occupy, and the work inside the lock uses the main pool (and the
 * Fortnox client's rate budget) freely. A crashed process's session ends and its locks with it. Small on purpose:
 * more waiters than connections simply queue for a connection (holding nothing), and every process counts against
 * PostgreSQL's max_connections.
 */
export function createLocks(databaseUrl: string, max = 10) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on('error', () => undefined);
  return {
    async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let healthy = true;
      // A server restart kills the session while we hold or wait for the lock: the query fails (and the activity
      // is retried); the client's own 'error' event must not take the whole process down.
      const onError = () => (healthy = false);
      client.on('error', onError);
      try {
        await client.query('select pg_advisory_lock(hashtext($1))', [key]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [key]).catch(() => (healthy = false));
        }
      } finally {
        client.off('error', onError);
        client.release(!healthy); // a broken session is discarded (its locks died with it)
      }
    },
    close: () => pool.end(),
  };
}
export type Locks = ReturnType<typeof createLocks>;
