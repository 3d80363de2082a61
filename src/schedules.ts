// Per-shop Temporal Schedules: the catch-up poll always, the stock reconciliation when the shop has a stock master.
// Call ensureShopSchedules after a shop is created or its settings change; it creates or updates in place.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from './config';
import type { ShopSettings } from './domain/settings';
import { searchAttributes, workflowIds } from './workflows/definitions';

export interface ShopScheduleInput {
  id: string;
  settings: Pick<ShopSettings, 'catchupIntervalMinutes' | 'stockMaster' | 'stockIntervalMinutes'>;
}

function scheduleOptions(
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>,
  shopId: string,
  s: { scheduleId: string; workflowType: string; workflowId: string; everyMinutes: number; note: string },
): ScheduleOptions {
  return {
    scheduleId: s.scheduleId,
    spec: { intervals: [{ every: `${s.everyMinutes} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: s.workflowType,
      // Temporal appends the scheduled time to this id, so each run is `catchup:<shop>-<time>`.
      workflowId: s.workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ shopId }],
      typedSearchAttributes: [{ key: searchAttributes.ShopId, value: shopId }],
    },
    // Skip, never queue: a run that overlaps the next tick already covers its window.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    state: { note: s.note },
  };
}

/** Creates the schedule, or replaces spec, action and policies of the existing one (its paused state is kept). */
async function upsertSchedule(client: Client, options: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((prev) => ({
      ...prev,
      spec: options.spec,
      action: options.action,
      policies: { ...prev.policies, ...options.policies },
      state: { paused: prev.state.paused, note: prev.state.note },
    }));
  }
}

async function deleteSchedule(client: Client, scheduleId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleId).delete();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

/**
 * `catchup-schedule:<shop>` every catchupIntervalMinutes (workflow catchupWorkflow), and `stock-schedule:<shop>` every
 * stockIntervalMinutes (workflow stockSyncWorkflow) unless stockMaster is 'none' — then that schedule is removed.
 */
export async function ensureShopSchedules(client: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, shop: ShopScheduleInput): Promise<void> {
  await upsertSchedule(
    client,
    scheduleOptions(config, shop.id, {
      scheduleId: workflowIds.catchupSchedule(shop.id),
      workflowType: 'catchupWorkflow',
      workflowId: workflowIds.catchup(shop.id),
      everyMinutes: shop.settings.catchupIntervalMinutes,
      note: 'Lists paid orders since the last poll and hands missed ones to the sync.',
    }),
  );
  await upsertSchedule(client, reconcileScheduleOptions(config, shop.id));
  if (shop.settings.stockMaster === 'none') {
    await deleteSchedule(client, workflowIds.stockSchedule(shop.id));
    return;
  }
  await upsertSchedule(
    client,
    scheduleOptions(config, shop.id, {
      scheduleId: workflowIds.stockSchedule(shop.id),
      workflowType: 'stockSyncWorkflow',
      workflowId: workflowIds.stock(shop.id),
      everyMinutes: shop.settings.stockIntervalMinutes,
      note: `Reconciles stock (master: ${shop.settings.stockMaster}).`,
    }),
  );
}

/** Removes the schedules of a shop (missing ones are fine). */
export async function deleteShopSchedules(client: Client, shopId: string): Promise<void> {
  await deleteSchedule(client, workflowIds.catchupSchedule(shopId));
  await deleteSchedule(client, workflowIds.stockSchedule(shopId));
  await deleteSchedule(client, workflowIds.reconcileSchedule(shopId));
}

/** `reconcile-schedule:<shop>`: the daily trust check (yesterday's reconciliation + the preflight) at 04:15 Swedish time. */
function reconcileScheduleOptions(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, shopId: string): ScheduleOptions {
  const base = scheduleOptions(config, shopId, {
    scheduleId: workflowIds.reconcileSchedule(shopId),
    workflowType: 'reconcileWorkflow',
    workflowId: workflowIds.reconcile(shopId),
    everyMinutes: 1440,
    note: "Daily: yesterday's paid orders against Fortnox (reconciliation proof) and the preflight, in the sync log.",
  });
  return { ...base, spec: { calendars: [{ hour: 4, minute: 15 }], timezone: 'Europe/Stockholm' } };
}
