// Run before the suites: unpack the pinned reference binaries (kubectl, helm) once.
import { ensureKubectl } from './harness/kubectl.js';

const path = await ensureKubectl();
process.stdout.write(`reference kubectl: ${path}\n`);
