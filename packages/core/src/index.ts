export * from './contract.js';
export * from './errors.js';
export * from './globalParam.js';
export * from './regions.js';
export * from './reportUrl.js';
export * from './worksType.js';
