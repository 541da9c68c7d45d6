// runVersion: kubectl version — the client the agent stands for (kubectl v1.35.2) and the server's /version, with kubectl's skew warning.
import type { VersionRequest } from '@porthole/policy';
import { RequestFailed, fetchJson } from '../resource/rest.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, plainError } from '../resource/errors.js';
import { str } from '../go/obj.js';
import type { GoMap, GoValue } from '../go/value.js';
import { goMap, isGoMap } from '../go/value.js';
import { marshalIndentOrdered } from '../printers/json.js';
import { toKubectlYaml } from '../printers/yaml.js';
import { struct } from '../go/typed.js';
import type { CommandOutput } from '../types.js';
import type { KubeGet } from '../resource/client.js';

/**
 * The client the agent stands for. The agent reproduces kubectl v1.35.2 (the binary its parity
 * tests run against), so `version` reports that client, byte for byte as that binary does.
 */
export const KUBECTL_CLIENT_VERSION: ReadonlyArray<[string, string]> = [
  ['major', '1'],
  ['minor', '35'],
  ['gitVersion', 'v1.35.2'],
  ['gitCommit', 'fdc9d74cbf2da6754ebf81d56f80ae2948cd6425'],
  ['gitTreeState', 'clean'],
  ['buildDate', '2026-02-26T20:05:34Z'],
  ['goVersion', 'go1.25.7'],
  ['compiler', 'gc'],
  ['platform', 'linux/amd64'],
];
export const KUSTOMIZE_VERSION = 'v5.7.1';

/** apimachinery version.Info, in field order, omitting the empty optional fields. */
function versionInfo(v: GoValue | undefined): GoMap {
  const field = (k: string): string => str(v, k);
  const opt = (k: string): string | undefined => (field(k) === '' ? undefined : field(k));
  return struct([
    ['major', field('major')],
    ['minor', field('minor')],
    ['emulationMajor', opt('emulationMajor')],
    ['emulationMinor', opt('emulationMinor')],
    ['minCompatibilityMajor', opt('minCompatibilityMajor')],
    ['minCompatibilityMinor', opt('minCompatibilityMinor')],
    ['gitVersion', field('gitVersion')],
    ['gitCommit', field('gitCommit')],
    ['gitTreeState', field('gitTreeState')],
    ['buildDate', field('buildDate')],
    ['goVersion', field('goVersion')],
    ['compiler', field('compiler')],
    ['platform', field('platform')],
  ]);
}

/** version.ParseSemantic's major and minor, or null. */
function semanticMinor(v: string): [number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Runs `kubectl version`. */
export async function runVersion(req: VersionRequest, kube: KubeGet): Promise<CommandOutput> {
  const output = req.output;
  const client = goMap(KUBECTL_CLIENT_VERSION.map(([k, v]) => [k, v]));
  let server: GoMap | null = null;
  let serverErr: KubeError | null = null;
  if (!req.client) {
    try {
      const v = await fetchJson(kube, '/version', 'application/json, */*', {
        m: { group: '', version: '', resource: '', namespaced: false },
        name: '',
      });
      server = versionInfo(isGoMap(v) ? v : undefined);
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
      serverErr = err.error;
    }
  }
  let stdout = '';
  if (output === null) {
    stdout = `Client Version: v1.35.2\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    if (server) stdout += `Server Version: ${str(server, 'gitVersion')}\n`;
  } else {
    const doc = struct([
      ['clientVersion', client],
      ['kustomizeVersion', KUSTOMIZE_VERSION],
      ['serverVersion', server ?? undefined],
    ]);
    stdout = output === 'json' ? `${marshalIndentOrdered(doc, '  ')}\n` : `${toKubectlYaml(doc)}\n`;
  }
  let stderr = '';
  if (server) {
    const s = semanticMinor(str(server, 'gitVersion'));
    if (s === null)
      return {
        stdout,
        stderr: checkErrText(
          plainError(
            `server version error: could not parse "${str(server, 'gitVersion')}" as version`,
          ),
        ),
        exitCode: 1,
      };
    if (s[0] !== 1 || Math.abs(s[1] - 35) > 1)
      stderr = `Warning: version difference between client (1.35) and server (${s[0]}.${s[1]}) exceeds the supported minor version skew of +/-1\n`;
  }
  if (serverErr) return { stdout, stderr: stderr + checkErrText(serverErr), exitCode: 1 };
  return { stdout, stderr, exitCode: 0 };
}
