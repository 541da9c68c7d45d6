// Run before the suites: unpack the pinned reference binaries (kubectl, helm) once.
import { ensureKubectl } from './harness/kubectl.js';
import { ensureHelm } from './harness/tools.js';

process.stdout.write(`reference kubectl: ${await ensureKubectl()}\nhelm: ${await ensureHelm()}\n`);
