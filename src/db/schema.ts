/**
 * The whole typed schema, composed by declaration merging: each owner of tables (a module's tables.ts,
 * jobs/tables.ts, ai/tables.ts, db/tables.ts) adds its own interface to this one, e.g.
 *
 *   declare module '../../db/schema.js' { interface Database extends SkillTables {} }
 *
 * so the data layer knows no module. The owner's repository is the only code that writes SQL for its tables.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging from every table owner
export interface Database {}
