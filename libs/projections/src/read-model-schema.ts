/** Every read model table lives in this PostgreSQL schema; its migrations table too. */
export const READ_MODEL_SCHEMA = 'read_model';

/** The checkpoint of every projection (name, position, version, status): one row per projection. */
export const CHECKPOINTS_TABLE = `${READ_MODEL_SCHEMA}.projection_checkpoints`;

/** NOTIFY channel of checkpoint commits; the payload is `<name> <position>`. */
export const CHECKPOINT_CHANNEL = 'read_model_checkpoint';
