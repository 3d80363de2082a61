import { ApplicationFailure } from '@temporalio/common';
import { fortnoxErrorToDomainError, type DomainError, type ErrorParams } from './domain/errors';
import { isFortnoxError } from './fortnox';

/**
 * A problem a human must fix (data or configuration): the activity fails non-retryably with this type and the
 * workflow parks with the explanation. Everything else thrown from an activity is retried by Temporal.
 */
export const SYNC_PROBLEM = 'SyncProblem';

export interface SyncProblem {
  code: string;
  params: ErrorParams;
  fortnoxCode?: string;
  fortnoxMessage?: string;
}

export function syncProblem(problems: DomainError[] | DomainError, extra: Partial<SyncProblem> = {}): ApplicationFailure {
  const list = Array.isArray(problems) ? problems : [problems];
  const first = list[0]!;
  const details: SyncProblem = { code: first.code, params: first.params, ...extra };
  const others = list.slice(1).map((p) => p.code);
  return ApplicationFailure.create({
    type: SYNC_PROBLEM,
    message: `${first.code}${others.length ? ` (+ ${others.join(', ')})` : ''}`,
    nonRetryable: true,
    details: [details, list],
  });
}

/**
 * Fortnox errors → park (data / reconnect) or rethrow for a Temporal retry (retryable). `params` add context
 * (order id, sku) to the explanation.
 */
export function rethrowFortnox(err: unknown, params: ErrorParams = {}): never {
  if (isFortnoxError(err) && err.kind !== 'retryable') {
    const problem = err.kind === 'reconnect' && err.code === undefined
      ? { code: 'RECONNECT_NEEDED' as const, params }
      : fortnoxErrorToDomainError(err.code, err.fortnoxMessage, params);
    const code = err.kind === 'reconnect' && problem.code === 'FORTNOX_REJECTED' ? 'RECONNECT_NEEDED' : problem.code;
    throw syncProblem({ code, params: problem.params }, {
      fortnoxCode: err.code !== undefined ? String(err.code) : undefined,
      fortnoxMessage: err.fortnoxMessage,
    });
  }
  throw err;
}
