export { startSandbox } from './server';
export type * from './api';
