/**
 * @campusbase/plugin-sdk: everything a vendor imports to build a CampusBase app.
 * It depends on nothing of the platform's.
 */
export * from './errors/index.ts';
