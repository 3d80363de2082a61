// Activity option sets, named by profile (what the call is like), not by the system it talks to.
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** A read or a small write that answers within seconds (a Quickbutik read, a database check). */
export const quickCall: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
};

/**
 * Work that waits on a tenant's Fortnox rate budget: heartbeats while it waits, so a crashed worker is noticed by the
 * missing heartbeat, not after `startToClose`.
 */
export const rateLimited = (startToCloseTimeout: ActivityOptions['startToCloseTimeout'], heartbeatTimeout: ActivityOptions['heartbeatTimeout'] = '30 seconds', maximumAttempts = 12): ActivityOptions => ({
  startToCloseTimeout,
  heartbeatTimeout,
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts },
});

/** A page of a bulk run (many Quickbutik reads in one activity). */
export const pageCall: ActivityOptions = { ...quickCall, startToCloseTimeout: '2 minutes' };

/** One statement on this service's own database (the sync log, a status check). */
export const local: LocalActivityOptions = { startToCloseTimeout: '10 seconds' };
