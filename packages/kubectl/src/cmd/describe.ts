// runDescribe: kubectl describe — resolve the arguments like kubectl's resource builder, then describe each object.
import type { DescribeRequest } from '@porthole/policy';
import { JSON_ACCEPT, RequestFailed, listItems } from '../resource/rest.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, errorString, newAggregate } from '../resource/errors.js';
import { fetchAll, flatten } from '../resource/builder.js';
import { nestedString } from '../go/value.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';
import type { DescribeContext } from '../describe/related.js';
import { describerFor } from '../describe/registry.js';

const isNotFound = (e: KubeError | null): boolean =>
  e !== null &&
  e.type === 'status' &&
  (e.reason === 'NotFound' || (e.reason === '' && e.code === 404));

const warningsOf = (d: Discovery): string => d.warnings.map((w) => `Warning: ${w}\n`).join('');

/** Runs `kubectl describe` and returns what kubectl v1.35 prints. */
export async function runDescribe(
  req: DescribeRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const namespace = req.namespace ?? opts.defaultNamespace;
  const ctx: DescribeContext = {
    kube,
    now: (opts.now ?? Date.now)(),
    showEvents: req.showEvents,
  };
  if (req.resources.length === 0) {
    return {
      stdout: '',
      stderr:
        'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      exitCode: 1,
    };
  }
  const discovery = new Discovery(kube, opts.discoveryCache);
  let infos;
  let visitError: KubeError | null;
  try {
    await discovery.load();
    const fetched = await fetchAll(
      { ...req, fieldSelector: null, sortBy: null },
      kube,
      discovery,
      req.allNamespaces ? '' : namespace,
      JSON_ACCEPT,
    );
    infos = flatten(fetched.infos);
    visitError = fetched.visitError;
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    return { stdout: '', stderr: warningsOf(discovery) + checkErrText(err.error), exitCode: 1 };
  }
  const warnings = warningsOf(discovery);

  // kubectl matches a name prefix only for `describe TYPE NAME` (two arguments).
  const single = req.form === 'list' && req.resources.length === 1 ? req.resources[0] : undefined;
  const prefix = single?.names.length === 1 ? single.names[0] : undefined;
  if (single !== undefined && prefix !== undefined && isNotFound(visitError)) {
    const out = await describeMatching(
      ctx,
      discovery,
      single.type,
      prefix,
      namespace,
      visitError as KubeError,
    );
    return { ...out, stderr: warnings + out.stderr };
  }

  const allErrs: KubeError[] = visitError ? [visitError] : [];
  const seen = new Set<string>();
  let stdout = '';
  let first = true;
  for (const info of infos) {
    const describe = describerFor(info.mapping);
    try {
      const s = await describe(
        ctx,
        nestedString(info.object, 'metadata', 'namespace'),
        nestedString(info.object, 'metadata', 'name'),
      );
      stdout += first ? s : `\n\n${s}`;
      first = false;
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
      const text = errorString(err.error);
      if (seen.has(text)) continue;
      seen.add(text);
      allErrs.push(err.error);
    }
  }
  let stderr = warnings;
  if (infos.length === 0 && allErrs.length === 0) {
    stderr += req.allNamespaces
      ? 'No resources found\n'
      : `No resources found in ${namespace} namespace.\n`;
  }
  const err = newAggregate(allErrs);
  return { stdout, stderr: stderr + checkErrText(err), exitCode: err === null ? 0 : 1 };
}

/** DescribeMatchingResources: `describe TYPE PREFIX` describes every object whose name starts with PREFIX. */
async function describeMatching(
  ctx: DescribeContext,
  discovery: Discovery,
  type: string,
  prefix: string,
  namespace: string,
  original: KubeError,
): Promise<CommandOutput> {
  const fail = (e: KubeError): CommandOutput => ({
    stdout: '',
    stderr: checkErrText(e),
    exitCode: 1,
  });
  let mapping;
  try {
    mapping = await discovery.resolve(type);
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    return fail(err.error);
  }
  let items;
  try {
    items = await listItems(ctx.kube, mapping, mapping.namespaced ? namespace : '');
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    return fail(err.error);
  }
  const describe = describerFor(mapping);
  let stdout = '';
  let found = false;
  for (const item of items) {
    const name = nestedString(item, 'metadata', 'name');
    if (!name.startsWith(prefix)) continue;
    found = true;
    try {
      stdout += `${await describe(ctx, nestedString(item, 'metadata', 'namespace'), name)}\n`;
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
      return { stdout, stderr: checkErrText(err.error), exitCode: 1 };
    }
  }
  if (!found) return fail(original);
  return { stdout, stderr: '', exitCode: 0 };
}
