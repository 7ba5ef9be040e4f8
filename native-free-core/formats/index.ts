export * from './detect';
export * from './open';
