export * from './hex';
export * from './report';
export * from './address-space';
export * from './parsed-dump';
