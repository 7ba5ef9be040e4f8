export * from './bugchecks';
export * from './ntstatus';
export * from './pool-tags';
export type { BugcheckDetails } from './bugcheck-args';
