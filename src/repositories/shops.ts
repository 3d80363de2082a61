import type { SecretBox } from '../crypto';
import { randomToken, safeEqual, sha256 } from '../crypto';
import type { Db } from '../db/connection';
import { webhookSecretChanged } from './secret-events';
import { shopSettingsSchema, type ShopSettings, type ShopSettingsInput } from '../domain/settings';

/** A shop as the rest of the code sees it: settings validated, secrets only on explicit request. */
export interface ShopView {
  id: string;
  name: string;
  settings: ShopSettings;
  createdAt: Date;
  updatedAt: Date;
}

export const webhookUrlFor = (publicUrl: string, shopId: string, secret: string) =>
  `${publicUrl.replace(/\/$/, '')}/webhooks/quickbutik/${encodeURIComponent(shopId)}?token=${encodeURIComponent(secret)}`;

export class ShopExistsError extends Error {}

export function createShopRepository(db: Db, box: SecretBox) {
  const toView = (row: { id: string; name: string; settings: unknown; created_at: Date; updated_at: Date }): ShopView => ({
    id: row.id,
    name: row.name,
    settings: shopSettingsSchema.parse(row.settings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  return {
    /** Creates a shop with a fresh webhook secret and support key; returns both once (they are never shown again). */
    async create(input: { id: string; name: string; quickbutikApiKey: string; settings?: ShopSettingsInput }) {
      const settings = shopSettingsSchema.parse(input.settings ?? {});
      const webhookSecret = randomToken(24);
      const supportApiKey = `qbfx_${randomToken(24)}`;
      const inserted = await db
        .insertInto('shops')
        .values({
          id: input.id,
          name: input.name,
          quickbutik_api_key_enc: box.seal(input.quickbutikApiKey),
          webhook_secret_enc: box.seal(webhookSecret),
          support_key_hash: sha256(supportApiKey),
          settings: JSON.stringify(settings),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new ShopExistsError(`A shop with id "${input.id}" already exists.`);
      return { id: input.id, settings, webhookSecret, supportApiKey };
    },

    async get(shopId: string): Promise<ShopView | undefined> {
      const row = await db
        .selectFrom('shops')
        .select(['id', 'name', 'settings', 'created_at', 'updated_at'])
        .where('id', '=', shopId)
        .executeTakeFirst();
      return row && toView(row);
    },

    async list(): Promise<ShopView[]> {
      const rows = await db.selectFrom('shops').select(['id', 'name', 'settings', 'created_at', 'updated_at']).orderBy('id').execute();
      return rows.map(toView);
    },

    async updateSettings(shopId: string, settings: ShopSettings): Promise<void> {
      await db
        .updateTable('shops')
        .set({ settings: JSON.stringify(shopSettingsSchema.parse(settings)), updated_at: new Date() })
        .where('id', '=', shopId)
        .execute();
    },

    async quickbutikApiKey(shopId: string): Promise<string | undefined> {
      const row = await db.selectFrom('shops').select('quickbutik_api_key_enc').where('id', '=', shopId).executeTakeFirst();
      return row && box.open(row.quickbutik_api_key_enc);
    },

    /** 'unknown-shop' | 'bad-token' | 'ok' — the webhook token compared in constant time. */
    async checkWebhookToken(shopId: string, token: string | undefined): Promise<'unknown-shop' | 'bad-token' | 'ok'> {
      const row = await db.selectFrom('shops').select('webhook_secret_enc').where('id', '=', shopId).executeTakeFirst();
      if (!row) return 'unknown-shop';
      if (!token) return 'bad-token';
      return safeEqual(token, box.open(row.webhook_secret_enc)) ? 'ok' : 'bad-token';
    },

    /** Issues a new webhook secret (the old URL stops working at once). */
    async rotateWebhookSecret(shopId: string): Promise<string> {
      const secret = randomToken(24);
      await db.updateTable('shops').set({ webhook_secret_enc: box.seal(secret), updated_at: new Date() }).where('id', '=', shopId).execute();
      webhookSecretChanged(shopId);
      return secret;
    },
  };
}
export type ShopRepository = ReturnType<typeof createShopRepository>;

/** Of these shops, those whose setting syncProducts is on. */
export async function shopsSyncingProducts(db: Db, shopIds: string[]): Promise<Set<string>> {
  if (shopIds.length === 0) return new Set();
  const shops = await db.selectFrom('shops').select(['id', 'settings']).where('id', 'in', shopIds).execute();
  return new Set(shops.filter((s) => shopSettingsSchema.safeParse(s.settings).data?.syncProducts === true).map((s) => s.id));
}
