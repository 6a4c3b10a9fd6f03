/**
 * A configuration problem: one line naming the variable and what is wrong with it. Apart from load.ts so
 * that the CLI can recognise one without loading every setting's schema.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}
