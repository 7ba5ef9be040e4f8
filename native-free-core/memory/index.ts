export * from './physical-memory';
export * from './run-physical-memory';
export * from './bitmap-rank-index';
export * from './bitmap-physical-memory';
export * from './paged-address-space';
export * from './paging';
export * from './range-address-space';
