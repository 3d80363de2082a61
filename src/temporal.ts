import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';

/** A Temporal client for the configured cluster; connects lazily so the API can start while Temporal is down. */
export function createTemporalClient(config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>): Client {
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS, connectTimeout: 3000 });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
