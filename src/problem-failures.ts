// How Fortnox and Quickbutik errors become problems (see src/problems.ts) on the activity side: what a person must
// fix fails the activity non-retryably; everything transient is rethrown for Temporal's retries.
import { domainError, fortnoxErrorToDomainError, type DomainError, type ErrorParams } from './domain/errors';
import { isFortnoxError } from './fortnox';
import { problemFailure } from './problems';
import { isQuickbutikError } from './quickbutik/client';

/**
 * Fortnox errors → a problem (data / reconnect) or rethrown for a Temporal retry (retryable). `params` add context
 * (order id, sku) to the explanation.
 */
export function rethrowFortnox(err: unknown, params: ErrorParams = {}): never {
  if (isFortnoxError(err) && err.kind !== 'retryable') {
    const problem = err.kind === 'reconnect' && err.code === undefined
      ? { code: 'RECONNECT_NEEDED' as const, params }
      : fortnoxErrorToDomainError(err.code, err.fortnoxMessage, params);
    const code = err.kind === 'reconnect' && problem.code === 'FORTNOX_REJECTED' ? 'RECONNECT_NEEDED' : problem.code;
    throw problemFailure({ code, params: problem.params }, {
      fortnoxCode: err.code !== undefined ? String(err.code) : undefined,
      fortnoxMessage: err.fortnoxMessage,
    });
  }
  throw err;
}

/**
 * Quickbutik failures a retry cannot fix become problems: a rejected API key (the merchant saves a new one) and an
 * answer the schemas refuse (`unreadable`, by default UNEXPECTED_ERROR). Everything else (network, 429, 5xx) is left
 * to Temporal's retries.
 */
export async function guardQuickbutik<T>(
  work: () => Promise<T>,
  facts: ErrorParams = {},
  unreadable: (message: string) => DomainError = (message) => domainError('UNEXPECTED_ERROR', { ...facts, detail: message }),
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isQuickbutikError(err) && err.kind === 'auth') throw problemFailure(domainError('QUICKBUTIK_AUTH_FAILED', facts));
    if (isQuickbutikError(err) && err.kind === 'data') throw problemFailure(unreadable(err.message));
    throw err;
  }
}
