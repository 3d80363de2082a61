// How a sync workflow keeps its state visible and, when a problem needs a person, waits for one (parks).
import { condition, continueAsNew, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { CaughtProblem, ExplainedProblem } from '../problems';
import { reconnectedSignal, retrySignal, searchAttributes, skipSignal, statusQuery, type SyncState, type SyncStatus } from './definitions';

/**
 * A parked run hands this to its continuation (continue-as-new keeps a long wait's history bounded): the new run
 * parks again at once, without repeating the sync or the log entry.
 */
export interface Parked {
  problem: ExplainedProblem;
  attempts: number;
  source?: CaughtProblem['source'];
}

/** Events after which a parked run continues as new (far below Temporal's 51 200-event limit). */
const PARKED_HISTORY_LIMIT = 2_000;

/** The `status` query's state and the search attributes every sync workflow keeps. */
export function createSyncState(initialStep: string) {
  const state: SyncState = { status: 'running', step: initialStep, attempts: 0, fortnox: {} };
  setHandler(statusQuery, () => state);

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
    /** The end of a run: its final status and step. */
    finish(status: SyncStatus) {
      setStatus(status);
      state.step = 'done';
    },
  };
}
export type SyncStateHandle = ReturnType<typeof createSyncState>;

/** How a parked run may continue without an operator. */
export interface ResumeWhen {
  /** Checked every `checkEvery`; true resumes the run. */
  check?: () => Promise<boolean>;
  checkEvery?: Duration;
  /** The `reconnected` signal (sent by the OAuth callback) resumes the run. */
  reconnected?: boolean;
}

/**
 * Waiting for a person: registers the operator signals `retry` and `skip` (and `reconnected`), and parks on a problem
 * until one of them — or `resumeWhen` — says go on. A long wait continues as new with `Parked` in its input.
 */
export function createParking(sync: SyncStateHandle) {
  let decision: 'retry' | 'skip' | undefined;
  let reconnected = false;
  let skipReason: string | undefined;
  const current = () => decision; // read through a function: TypeScript cannot see signal handlers change it
  setHandler(retrySignal, () => void (decision = 'retry'));
  setHandler(skipSignal, (reason?: string) => {
    decision = 'skip';
    skipReason = reason;
  });
  setHandler(reconnectedSignal, () => void (reconnected = true));

  return {
    get skipReason() {
      return skipReason;
    },
    /**
     * Parks until an operator sends `retry` or `skip`, or `resumeWhen` says go on. `continueWith` builds the input of
     * the continuation when the wait has grown the history too far.
     */
    async park(problem: ExplainedProblem, resumeWhen: ResumeWhen, continueWith: (parked: Parked) => unknown): Promise<'retry' | 'skip'> {
      sync.state.lastError = problem;
      sync.setStatus('needs_attention');
      decision = undefined;
      reconnected = false;
      const resumed = () => decision !== undefined || (!!resumeWhen.reconnected && reconnected);
      for (;;) {
        const signalled = resumeWhen.check ? await condition(resumed, resumeWhen.checkEvery ?? '5 minutes') : (await condition(resumed), true);
        if (!signalled && resumeWhen.check && (await resumeWhen.check())) decision = 'retry';
        if (resumed()) break;
        const info = workflowInfo();
        if (info.continueAsNewSuggested || info.historyLength > PARKED_HISTORY_LIMIT) {
          await continueAsNew(continueWith({ problem, attempts: sync.state.attempts }));
        }
      }
      const d = current() ?? 'retry';
      decision = undefined;
      sync.setStatus(d === 'skip' ? 'skipped' : 'running');
      return d;
    },
  };
}
