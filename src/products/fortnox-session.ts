// A shop's Fortnox API that counts the HTTP requests it sends, so product and stock activities can report what a sync
// cost (the "no Fortnox call for an unchanged product" promise is measured with this), plus the two calls the typed
// API does not offer: a direct price POST and disconnecting an article's image.
import { createFortnoxApi, isFortnoxError, isNotFound, type FortnoxApi, type FortnoxClient, type FortnoxRequest } from '../fortnox';

export interface FortnoxSession {
  api: FortnoxApi;
  /** HTTP requests sent so far through this session. */
  readonly calls: number;
  /** POST /3/prices: one call for an article created just now (the typed setPrice tries a PUT first). */
  createPrice(list: string, articleNumber: string, price: number, fromQuantity?: number): Promise<void>;
  /** DELETE /3/articlefileconnections/{fileId}; an already missing connection counts as done. */
  disconnectFile(fileId: string): Promise<void>;
}

export function fortnoxSession(client: FortnoxClient, shopId: string): FortnoxSession {
  let calls = 0;
  const send = (req: FortnoxRequest) => {
    calls += 1;
    return client.transport.send(shopId, req);
  };
  return {
    api: createFortnoxApi(send),
    get calls() {
      return calls;
    },
    async createPrice(list, articleNumber, price, fromQuantity = 0) {
      await send({ method: 'POST', path: '/3/prices', json: { Price: { ArticleNumber: articleNumber, PriceList: list, Price: price, FromQuantity: fromQuantity } } });
    },
    async disconnectFile(fileId) {
      try {
        await send({ method: 'DELETE', path: `/3/articlefileconnections/${encodeURIComponent(fileId)}` });
      } catch (err) {
        if (!(isNotFound(err) || (isFortnoxError(err) && err.status === 404))) throw err;
      }
    },
  };
}
