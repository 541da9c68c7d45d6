// `npm run redaction-report`: the credential corpus through two whole gateways (default policy, and
// Secrets allowed); prints corpus size, commands run, leaks and false redactions with the first offenders.
import { CREDENTIAL_CORPUS } from '@porthole/kube-sim';
import { formatFalseRedaction, formatLeak, firstOf, summaryLines } from './format.js';
import { measureRedaction } from './measure.js';
import { CORPUS_CLUSTER, CORPUS_CONCURRENCY, startCorpusStacks } from './stacks.js';

const SHOWN = 30;

async function main(): Promise<void> {
  const started = Date.now();
  const { stacks, close } = await startCorpusStacks();
  try {
    const measurements = await Promise.all(
      stacks.map(({ policy, stack }) =>
        measureRedaction(stack, {
          clusterId: CORPUS_CLUSTER,
          policy,
          concurrency: CORPUS_CONCURRENCY,
        }),
      ),
    );
    for (const line of summaryLines(CREDENTIAL_CORPUS, measurements)) console.log(line);
    const leaks = measurements.flatMap((m) => m.leaks);
    const falseRedactions = measurements.flatMap((m) => m.falseRedactions);
    if (leaks.length > 0)
      console.log(
        `\nfirst ${Math.min(SHOWN, leaks.length)} leaks:\n${firstOf(leaks, SHOWN, formatLeak)}`,
      );
    if (falseRedactions.length > 0)
      console.log(
        `\nfirst ${Math.min(SHOWN, falseRedactions.length)} false redactions:\n${firstOf(falseRedactions, SHOWN, formatFalseRedaction)}`,
      );
    console.log(`\nmeasured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await close();
  }
}

await main();
