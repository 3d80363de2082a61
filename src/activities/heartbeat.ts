import { Context } from '@temporalio/activity';

/**
 * Heartbeats every second while `work` runs: Fortnox's shared rate budget can make an activity wait a while.
 * Outside an activity (a script, a test calling the function directly) it just runs the work.
 */
export async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return work();
  }
  const timer = setInterval(() => ctx.heartbeat(), 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
