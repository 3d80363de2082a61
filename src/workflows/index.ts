// Every workflow the worker serves (this file is the workflow bundle's entry point).
export { pingWorkflow } from './ping';
export { orderSyncWorkflow } from './order-sync';
export { catchupWorkflow } from './catchup';
export { productSyncWorkflow } from './product-sync';
export { stockSyncWorkflow } from './stock-sync';
export { syncAllProductsWorkflow, resendOrdersWorkflow } from './bulk';
export { reconcileWorkflow } from './reconcile';
