/**
 * Injection tokens for what the infrastructure module provides. Symbols, because EventStore is an
 * interface (no runtime class to inject by) and pg.Pool / Redis should be swappable in tests.
 */
export const APP_CONFIG = Symbol('RuntimeConfig');
export const CLOCK = Symbol('Clock');
export const EVENT_STORE = Symbol('EventStore');
/** A pg.Pool on the read-model database. */
export const READ_DATABASE = Symbol('ReadDatabase');
/** An ioredis client. */
export const REDIS = Symbol('Redis');
