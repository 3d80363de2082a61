import type { Config } from './config';
import { SecretBox } from './crypto';
import { createDb, type Db } from './db/connection';
import { createLogger, type Logger } from './logger';

/** What every process builds once at start and hands to activities and routers. */
export interface CoreDeps {
  config: Config;
  db: Db;
  box: SecretBox;
  logger: Logger;
}

export function createCoreDeps(config: Config, name: string, poolSize = 10): CoreDeps {
  return {
    config,
    db: createDb(config.DATABASE_URL, poolSize),
    box: new SecretBox(config.ENCRYPTION_KEY),
    logger: createLogger(name, config.LOG_LEVEL),
  };
}
