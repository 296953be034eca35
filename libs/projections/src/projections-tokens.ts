/** The TypeORM DataSource on the read database (schema read_model), migrated. */
export const READ_MODEL_DATA_SOURCE = Symbol('ReadModelDataSource');
/** The ProjectionsModuleOptions given to forRoot. */
export const PROJECTIONS_OPTIONS = Symbol('ProjectionsModuleOptions');
