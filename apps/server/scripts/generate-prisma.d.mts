/** Types of the schema helpers the migration tests read from generate-prisma.mjs. */
export declare const SQLITE_SCHEMA: string
export declare const POSTGRES_SCHEMA: string
export declare function derivePostgresSchema(sqliteSchema: string): string
