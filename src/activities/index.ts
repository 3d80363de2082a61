import type { CoreDeps } from '../deps';
import { createPlatformActivities } from './platform';

/** All activities, built from their dependencies (the worker registers the result). */
export function createActivities(deps: CoreDeps) {
  return {
    ...createPlatformActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
