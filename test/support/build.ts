import { build } from '../../scripts/build.mjs';

/**
 * Vitest global setup: the tests start the real `dify-agent` command (bin/dify-agent.js), which runs the
 * build; make it current once here rather than in the first of many CLI processes the tests start at once.
 */
export default async function buildOnce(): Promise<void> {
  const result = await build();
  if (result.built) {
    console.log(
      `[dify-agent] built dist/ for the CLI tests in ${Math.round(result.ms)} ms (${result.reason})`,
    );
  }
}
