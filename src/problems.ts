// A *problem* is something a person must fix before a sync can go on: data in Quickbutik, a setting, the Fortnox
// company's registers, a lost connection. This module is the one vocabulary for it, from pure code to the sync log:
//
// - pure code (src/domain) reports a problem as a `DomainError`: a catalog code plus the facts that explain it;
// - an activity raises one with `problemFailure(...)`: a non-retryable ApplicationFailure of type PROBLEM whose
//   details carry the `ProblemDetails` (src/problem-failures.ts turns Fortnox and Quickbutik errors into these);
//   anything else an activity throws is retried by Temporal;
// - a workflow raises one found by pure code with `throw new ProblemFound(domainError)`;
// - the workflow turns whatever it caught into an `ExplainedProblem` with `explainProblem(err)`: the catalog's text in
//   Swedish and English (src/domain/error-catalog.ts). Trouble that is no problem (it outlasted the activity's retries)
//   becomes UNEXPECTED_ERROR. The workflow then parks with it (`status` query, SyncStatus=needs_attention) and the
//   sync log stores code and facts.
//
// Workflow-safe: no I/O, imported by workflows and activities alike.
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { explainError, type DomainError, type ErrorParams } from './domain/errors';

/** The ApplicationFailure type of a problem (kept as recorded in existing histories). */
export const PROBLEM = 'SyncProblem';

/** What an activity's problem failure carries to the workflow. */
export interface ProblemDetails {
  code: string;
  params: ErrorParams;
  fortnoxCode?: string;
  fortnoxMessage?: string;
}

/** A problem as a person reads it (the `status` query's lastError, the sync log's message). */
export interface ExplainedProblem {
  code: string;
  explanationSv: string;
  explanationEn: string;
  fortnoxCode?: string;
  fortnoxMessage?: string;
}

/** Raised by an activity: fails non-retryably, so the workflow parks instead of Temporal retrying. */
export function problemFailure(problems: DomainError[] | DomainError, fortnox: Pick<ProblemDetails, 'fortnoxCode' | 'fortnoxMessage'> = {}): ApplicationFailure {
  const list = Array.isArray(problems) ? problems : [problems];
  const first = list[0]!;
  const details: ProblemDetails = { code: first.code, params: first.params, ...fortnox };
  const others = list.slice(1).map((p) => p.code);
  return ApplicationFailure.create({
    type: PROBLEM,
    message: `${first.code}${others.length ? ` (+ ${others.join(', ')})` : ''}`,
    nonRetryable: true,
    details: [details, list],
  });
}

/** Raised inside a workflow for a problem found by pure code (a mapping). */
export class ProblemFound extends Error {
  constructor(readonly problem: DomainError) {
    super(problem.code);
  }
}

export interface CaughtProblem {
  problem: ExplainedProblem;
  /** The facts behind the explanation (sku, order id, …), for the sync log. */
  params: ErrorParams;
  /** Where it came from: pure code in the workflow, an activity, or trouble that outlasted the retries. */
  source: 'workflow' | 'activity' | 'unexpected';
}

/** Whatever a workflow caught, as a problem a person can act on. */
export function explainProblem(err: unknown): CaughtProblem {
  if (err instanceof ProblemFound) {
    return { problem: explain(err.problem.code, err.problem.params), params: err.problem.params, source: 'workflow' };
  }
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const details = cause instanceof ApplicationFailure && cause.type === PROBLEM ? (cause.details?.[0] as ProblemDetails | undefined) : undefined;
  if (details) {
    return { problem: explain(details.code, details.params, details.fortnoxCode, details.fortnoxMessage), params: details.params ?? {}, source: 'activity' };
  }
  const detail = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return { problem: explain('UNEXPECTED_ERROR', { detail }), params: { detail }, source: 'unexpected' };
}

/** The catalog's explanation of a code with its facts. */
export function explain(code: string, params: ErrorParams = {}, fortnoxCode?: string, fortnoxMessage?: string): ExplainedProblem {
  const e = explainError(code, params);
  return { code: e.code, explanationSv: e.explanationSv, explanationEn: e.explanationEn, fortnoxCode, fortnoxMessage };
}
