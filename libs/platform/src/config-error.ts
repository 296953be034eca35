/**
 * Start-up refused because of the environment. It lists every problem at once, so a deployment is
 * fixed in one round instead of one variable per restart.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = new.target.name;
  }
}
