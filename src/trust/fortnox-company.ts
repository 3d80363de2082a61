// Reads of the Fortnox company the trust tools need beyond the sync's typed API: financial years and the locked
// period. Through the shop's transport, so they share the tenant's rate budget and token refresh.
import type { FortnoxClient } from '../fortnox';
import { date, id, obj, parseList, parseSingle, text } from '../fortnox/schemas';

const financialYearSchema = obj({ Id: id, FromDate: date, ToDate: date, AccountingMethod: text });
const lockedPeriodSchema = obj({ EndDate: date });

export interface FinancialYearFacts {
  from: string;
  to: string;
  accountingMethod: string | null;
}

export function companyReader(client: FortnoxClient, shopId: string) {
  const send = (path: string, query: Record<string, string | number> = {}) =>
    client.transport.send(shopId, { method: 'GET', path, query }).then((r) => r.body);
  return {
    /** The financial year(s) covering `day` (Fortnox filters with `?date=`). */
    async financialYears(day: string): Promise<FinancialYearFacts[]> {
      const page = parseList(await send('/3/financialyears', { date: day }), 'FinancialYears', financialYearSchema);
      return page.items
        .filter((y) => y.FromDate && y.ToDate)
        .map((y) => ({ from: y.FromDate!.slice(0, 10), to: y.ToDate!.slice(0, 10), accountingMethod: y.AccountingMethod }));
    },
    /** Bookkeeping is locked up to and including this date; null when nothing is locked. */
    async lockedUntil(): Promise<string | null> {
      const locked = parseSingle(await send('/3/settings/lockedperiod'), 'LockedPeriod', lockedPeriodSchema);
      return locked.EndDate ? locked.EndDate.slice(0, 10) : null;
    },
  };
}
