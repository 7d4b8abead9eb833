import type { KyselyPlugin } from 'kysely';

/**
 * Counts the statements executed through a Kysely instance it is plugged into
 * (`db.withPlugin(counter.plugin)`): once per result, so a query built into another one is
 * not counted on its own.
 */
export function statementCounter() {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      count++;
      return args.result;
    },
  };
  return { plugin, taken: () => count, reset: () => (count = 0) };
}
