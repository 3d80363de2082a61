// Every workflow the worker serves (this file is the workflow bundle's entry point).
export { pingWorkflow } from './ping';
