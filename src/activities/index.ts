import type { CoreDeps } from '../deps';
import { createLocks, type Locks } from '../db/locks';
import { domainError } from '../domain/errors';
import { createFortnoxClient, type FortnoxClient } from '../fortnox';
import { createQuickbutikClient, type QuickbutikClient } from '../quickbutik/client';
import { createShopRepository, type ShopRepository } from '../repositories/shops';
import { createSyncLog, type SyncLog } from '../repositories/sync-log';
import { createRegistryCache, type RegistryCache } from './fortnox-registry';
import { createOrderActivities, type QuickbutikReader } from './orders';
import { createCatchupActivities } from './catchup';
import { createPlatformActivities } from './platform';
import { guardQuickbutik } from '../problem-failures';
import { createProductActivities } from './products';
import { createStockActivities } from './stock';
import { createTrustActivities } from './trust';
import { createLagerCache } from '../products/lager';
import { createImageFetcher, imageFetchPolicy, type ImageFetcher } from '../products/image';
import { createSafeImageFetcher } from '../net/safe-image-fetch';

/** Everything activities may use, built once per worker process. */
export interface ActivityDeps extends CoreDeps {
  fortnox: FortnoxClient;
  quickbutik: QuickbutikClient;
  shops: ShopRepository;
  syncLog: SyncLog;
  registry: RegistryCache;
  locks: Locks;
  fetchImage: ImageFetcher;
}

export function createActivityDeps(core: CoreDeps): ActivityDeps {
  const shops = createShopRepository(core.db, core.box);
  return {
    ...core,
    shops,
    syncLog: createSyncLog(core.db),
    registry: createRegistryCache(),
    locks: createLocks(core.config.DATABASE_URL),
    fetchImage: createImageFetcher(createSafeImageFetcher(imageFetchPolicy(core.config))),
    fortnox: createFortnoxClient({ db: core.db, box: core.box, config: core.config, logger: core.logger }),
    // Quickbutik documents no rate limit; 10 req/s per shop keeps up with Fortnox's 25 per 5 s and stays polite.
    quickbutik: createQuickbutikClient({
      config: core.config,
      apiKeyFor: (shopId) => shops.quickbutikApiKey(shopId),
      logger: core.logger,
      requestsPerSecond: 10,
    }),
  };
}

/** Quickbutik reads for the order sync: a rejected key or an unreadable order parks; the rest is retried. */
export function quickbutikReader(client: QuickbutikClient): QuickbutikReader {
  return {
    getOrder: (shopId, orderId) => guardQuickbutik(() => client.forShop(shopId).getOrder(orderId), { orderId },
      (problems) => domainError('ORDER_PARSE_FAILED', { orderId, problems })),
    getProduct: (shopId, productId) => guardQuickbutik(() => client.forShop(shopId).getProduct(productId), { productId },
      (problems) => domainError('ORDER_PARSE_FAILED', { productId, problems })),
  };
}

/** Plain Quickbutik reads for the dry run (its failures are retried or reported, never parked). */
const previewReader = (client: QuickbutikClient) => ({
  getOrder: (shopId: string, orderId: string) => client.forShop(shopId).getOrder(orderId),
  getProduct: (shopId: string, productId: string) => client.forShop(shopId).getProduct(productId),
  listOrdersSince: (shopId: string, since: number) => client.forShop(shopId).listAllOrders({ fromStatusDate: since }),
});

/** All activities, built from their dependencies (the worker registers the result). */
export function createActivities(core: CoreDeps, deps: ActivityDeps = createActivityDeps(core)) {
  const lager = createLagerCache(); // one per process, shared by the product and stock sync
  return {
    ...createProductActivities({ ...deps, lager }),
    ...createStockActivities({ ...deps, lager }),
    ...createPlatformActivities(deps),
    ...createOrderActivities({ ...deps, quickbutik: quickbutikReader(deps.quickbutik) }),
    ...createCatchupActivities(deps),
    ...createTrustActivities({ ...deps, quickbutik: previewReader(deps.quickbutik) }),
  };
}
export type Activities = ReturnType<typeof createActivities>;
