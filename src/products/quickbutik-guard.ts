import { domainError, type ErrorParams } from '../domain/errors';
import { isQuickbutikError } from '../quickbutik/client';
import { syncProblem } from '../problem-failures';

/**
 * Quickbutik failures a retry cannot fix become explained problems: a rejected API key (the merchant saves a new one)
 * and an answer the schemas refuse. Everything else (network, 429, 5xx) is left to Temporal's retries.
 */
export async function guardQuickbutik<T>(work: () => Promise<T>, facts: ErrorParams = {}): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isQuickbutikError(err) && err.kind === 'auth') throw syncProblem(domainError('QUICKBUTIK_AUTH_FAILED', facts));
    if (isQuickbutikError(err) && err.kind === 'data') throw syncProblem(domainError('UNEXPECTED_ERROR', { ...facts, detail: err.message }));
    throw err;
  }
}
