// Workflow-safe helpers (no I/O) for the product, stock and bulk workflows: what an activity failure means for a
// human, with the parameters the sync log needs to explain it in full (sku, title, …).
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { ErrorParams } from './domain/errors';
import type { SyncProblem } from './problem-failures';
import type { SyncError } from './workflows/definitions';
import { explained, problemOf } from './workflows/parking';

export interface ExplainedFailure {
  error: SyncError;
  params: ErrorParams;
}

/** A SyncProblem raised by an activity, or UNEXPECTED_ERROR for trouble that outlasted the activity's retries. */
export function explainFailure(err: unknown): ExplainedFailure {
  const error = problemOf(err);
  if (error) return { error, params: problemParams(err) ?? {} };
  const detail = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return { error: explained('UNEXPECTED_ERROR', { detail }), params: { detail } };
}

function problemParams(err: unknown): ErrorParams | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  return (cause.details?.[0] as SyncProblem | undefined)?.params;
}
