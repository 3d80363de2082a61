// Parking: how a sync workflow waits for a human when data or configuration must be fixed first.
import {
  ActivityFailure, ApplicationFailure, condition, setHandler, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { explainError } from '../domain/errors';
import type { SyncProblem } from '../problem-failures';
import { retrySignal, searchAttributes, skipSignal, type SyncError, type SyncState, type SyncStatus } from './definitions';

export const SYNC_PROBLEM = 'SyncProblem';

/** The explained problem behind an activity failure, or undefined when it is not one a human must fix. */
export function problemOf(err: unknown): SyncError | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (!(cause instanceof ApplicationFailure) || cause.type !== SYNC_PROBLEM) return undefined;
  const p = cause.details?.[0] as SyncProblem | undefined;
  if (!p) return undefined;
  return explained(p.code, p.params, p.fortnoxCode, p.fortnoxMessage);
}

export function explained(code: string, params: Record<string, string | number | undefined> = {}, fortnoxCode?: string, fortnoxMessage?: string): SyncError {
  const e = explainError(code, params);
  return { code: e.code, explanationSv: e.explanationSv, explanationEn: e.explanationEn, fortnoxCode, fortnoxMessage };
}

/** Workflow-side state every sync workflow keeps: the `status` query, the operator signals, the search attributes. */
export function createSyncState(initialStep: string) {
  const state: SyncState = { status: 'running', step: initialStep, attempts: 0, fortnox: {} };
  let decision: 'retry' | 'skip' | undefined;
  let skipReason: string | undefined;
  const current = () => decision; // read through a function: TypeScript cannot see signal handlers change it
  setHandler(retrySignal, () => void (decision = 'retry'));
  setHandler(skipSignal, (reason?: string) => {
    decision = 'skip';
    skipReason = reason;
  });

  const setStatus = (status: SyncStatus) => {
    if (state.status === status) return;
    state.status = status;
    upsertSearchAttributes([{ key: searchAttributes.SyncStatus, value: status }]);
  };

  return {
    state,
    step(name: string) {
      state.step = name;
    },
    setStatus,
    setDocument(type: 'invoice' | 'order', number: string) {
      state.fortnox.documentType = type;
      state.fortnox.documentNumber = number;
      upsertSearchAttributes([{ key: searchAttributes.FortnoxDocument, value: `${type}:${number}` }]);
    },
    /**
     * Parks until an operator sends `retry` or `skip`, or `autoResume()` turns true (checked every `checkEvery`).
     * Returns what happened.
     */
    async park(error: SyncError, opts: { autoResume?: () => Promise<boolean>; checkEvery?: Duration } = {}): Promise<'retry' | 'skip'> {
      state.lastError = error;
      setStatus('needs_attention');
      decision = undefined;
      const { autoResume } = opts;
      if (!autoResume) await condition(() => decision !== undefined);
      while (autoResume && current() === undefined) {
        if (await condition(() => decision !== undefined, opts.checkEvery ?? '1 minute')) break;
        if (await autoResume()) decision = 'retry';
      }
      const d = current() ?? 'retry';
      decision = undefined;
      setStatus(d === 'skip' ? 'skipped' : 'running');
      return d;
    },
    get skipReason() {
      return skipReason;
    },
  };
}
export type SyncStateHandle = ReturnType<typeof createSyncState>;
