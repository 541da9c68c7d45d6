// runApiVersions: kubectl api-versions — every group/version the server offers, sorted.
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, errorString, plainError } from '../resource/errors.js';
import { compareUtf8 } from '../go/value.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const fail = (e: KubeError): CommandOutput => ({
  stdout: '',
  stderr: checkErrText(e),
  exitCode: 1,
});

/** Runs `kubectl api-versions`. */
export async function runApiVersions(kube: KubeGet, opts: RunOptions): Promise<CommandOutput> {
  const discovery = new Discovery(kube, opts.discoveryCache);
  try {
    await discovery.reload();
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    return fail(
      plainError(`couldn't get available api versions from server: ${errorString(err.error)}`),
    );
  }
  const versions = discovery
    .groupList()
    .flatMap((g) => g.versions.map((v) => (g.name === '' ? v : `${g.name}/${v}`)))
    .sort(compareUtf8);
  return { stdout: versions.map((v) => `${v}\n`).join(''), stderr: '', exitCode: 0 };
}
