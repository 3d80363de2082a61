// The pure domain core: no I/O, no node built-ins. Safe to import from activities, the API and workflows alike.
export * from './errors';
export * from './text';
export * from './money';
export * from './hash';
export * from './vat';
export * from './settings';
export * from './accounts';
export * from './fortnox-document';
export * from './document-validation';
export * from './totals';
export * from './order-header';
export * from './order-lines';
export * from './order-mapping';
export * from './customer';
export * from './article-mapping';
