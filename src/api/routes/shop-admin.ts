// Credentials and lifecycle of a shop: support-key rotation and revocation, Quickbutik key replacement (checked with
// Quickbutik first), Fortnox disconnect (tokens revoked at Fortnox, then deleted) and shop deletion. Same auth as shop
// administration; deleting a shop takes the admin key.
import { Router } from 'express';
import { z } from 'zod';
import { randomToken, sha256 } from '../../crypto';
import type { Db } from '../../db/connection';
import { revokeFortnoxToken } from '../../fortnox/revoke';
import { createQuickbutikClient, isQuickbutikError } from '../../quickbutik/client';
import { deleteShopSchedules } from '../../schedules';
import { webhookSecretChanged } from '../../repositories/secret-events';
import type { ApiDeps } from '../app';
import { requireAdmin, requireKnownShop } from '../auth';
import { HttpError } from '../http-error';

export const quickbutikKeyBody = z.strictObject({ quickbutikApiKey: z.string().trim().min(1).max(500) });
export const noBody = z.strictObject({}).optional();

/** Revokes both tokens at Fortnox (best effort: an unreachable Fortnox is reported) and deletes the connection row. */
async function disconnectFortnox(deps: Pick<ApiDeps, 'db' | 'box' | 'config'>, shopId: string) {
  const row = await deps.db.selectFrom('fortnox_connections').select(['tenant_id', 'access_token_enc', 'refresh_token_enc'])
    .where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return { wasConnected: false, revokedAtFortnox: false };
  const tokens = [row.refresh_token_enc, row.access_token_enc].filter((t): t is string => !!t).map((t) => deps.box.open(t));
  const results = await Promise.all(tokens.map((t) => revokeFortnoxToken(deps.config, t)));
  await deps.db.deleteFrom('fortnox_connections').where('shop_id', '=', shopId).execute();
  return { wasConnected: true, tenantId: row.tenant_id, revokedAtFortnox: results.every((r) => r.ok) };
}

/** Rows of a shop in tables without a foreign key to shops (deleted explicitly). */
async function deleteShopRows(db: Db, shopId: string) {
  return db.transaction().execute(async (trx) => {
    const log = await trx.deleteFrom('sync_log').where('shop_id', '=', shopId).executeTakeFirst();
    const shop = await trx.deleteFrom('shops').where('id', '=', shopId).executeTakeFirst(); // cascades to every other table
    return { syncLogEntries: Number(log.numDeletedRows), shop: Number(shop.numDeletedRows) };
  });
}

export function shopAdminRouter(deps: ApiDeps): Router {
  const { db, box, config, syncLog, temporal, logger } = deps;
  const router = Router();
  const shopAccess = requireKnownShop(deps);
  const log = (shopId: string, messageSv: string, messageEn: string) =>
    syncLog.write({ shopId, entityType: 'shop', entityId: shopId, outcome: 'info', messageSv, messageEn });

  router.post('/shops/:shopId/support-key', ...shopAccess, async (req, res) => {
    noBody.parse(req.body);
    const shopId = String(req.params.shopId);
    const supportApiKey = `qbfx_${randomToken(24)}`;
    await db.updateTable('shops').set({ support_key_hash: sha256(supportApiKey), updated_at: new Date() }).where('id', '=', shopId).execute();
    await log(shopId, 'Ny supportnyckel utfärdad; den gamla slutade gälla direkt.', 'New support key issued; the old one stopped working at once.');
    res.json({ supportApiKey });
  });

  router.delete('/shops/:shopId/support-key', ...shopAccess, async (req, res) => {
    const shopId = String(req.params.shopId);
    // Not a hash of any key: nothing authenticates as this shop until an admin issues a new key.
    await db.updateTable('shops').set({ support_key_hash: `revoked:${randomToken(16)}`, updated_at: new Date() }).where('id', '=', shopId).execute();
    await log(shopId, 'Supportnyckeln återkallades; en administratör kan utfärda en ny.', 'Support key revoked; an administrator can issue a new one.');
    res.json({ revoked: true, message: 'The support key no longer works. Issue a new one with POST /shops/:shopId/support-key (admin key).' });
  });

  router.put('/shops/:shopId/quickbutik-key', ...shopAccess, async (req, res) => {
    const shopId = String(req.params.shopId);
    const { quickbutikApiKey } = quickbutikKeyBody.parse(req.body);
    const probe = createQuickbutikClient({ config, apiKeyFor: async () => quickbutikApiKey, logger, retry: { attempts: 2 } });
    try {
      await probe.forShop(shopId).countProducts();
    } catch (err) {
      if (isQuickbutikError(err) && err.kind === 'auth') {
        throw new HttpError(400, 'Quickbutik did not accept this API key, so it was not stored. Copy the key again from Quickbutik (Inställningar › API) and send it once more.');
      }
      throw new HttpError(502, 'Quickbutik could not be asked whether the key works, so it was not stored. Try again in a minute.');
    }
    await db.updateTable('shops').set({ quickbutik_api_key_enc: box.seal(quickbutikApiKey), updated_at: new Date() }).where('id', '=', shopId).execute();
    await log(shopId, 'Quickbutiks API-nyckel byttes (kontrollerad mot Quickbutik).', 'Quickbutik API key replaced (checked with Quickbutik).');
    res.json({ replaced: true });
  });

  router.delete('/shops/:shopId/fortnox', ...shopAccess, async (req, res) => {
    const shopId = String(req.params.shopId);
    const r = await disconnectFortnox(deps, shopId);
    if (r.wasConnected) {
      await log(shopId,
        `Fortnox frånkopplat${r.revokedAtFortnox ? '' : ' (Fortnox svarade inte på återkallelsen; nycklarna är ändå raderade här)'}. Ordrar synkas inte förrän Fortnox ansluts igen.`,
        `Fortnox disconnected${r.revokedAtFortnox ? '' : ' (Fortnox did not confirm the revocation; the tokens are deleted here anyway)'}. Orders are not synced until Fortnox is connected again.`);
    }
    res.json({ disconnected: r.wasConnected, revokedAtFortnox: r.revokedAtFortnox });
  });

  router.delete('/shops/:shopId', requireAdmin(deps), async (req, res) => {
    const shopId = String(req.params.shopId);
    if (!(await db.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst())) throw new HttpError(404, 'Shop not found.');
    const fortnox = await disconnectFortnox(deps, shopId);
    await deleteShopSchedules(temporal, shopId).catch((err) => logger.warn({ shopId, err: { message: (err as Error).message } }, 'schedules not deleted'));
    const deleted = await deleteShopRows(db, shopId);
    webhookSecretChanged(shopId);
    logger.info({ shopId }, 'shop deleted');
    res.json({
      deleted: true,
      revokedAtFortnox: fortnox.revokedAtFortnox,
      removed: { syncLogEntries: deleted.syncLogEntries },
      retained: 'Workflow histories stay in Temporal until the namespace retention period ends; documents already in Fortnox stay there (bookkeeping).',
    });
  });

  return router;
}
