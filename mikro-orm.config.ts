// Configuration for MikroORM tooling. The server builds the same options through
// src/db/orm.ts; DATABASE_URL must point at the database to inspect or migrate.
import { ormOptions } from './src/db/orm.js';

export default ormOptions(process.env.DATABASE_URL ?? 'postgres://localhost:5432/partgraph');
