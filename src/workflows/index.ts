/** Every workflow the worker registers (the workflowsPath target). */
export * from './ping';
