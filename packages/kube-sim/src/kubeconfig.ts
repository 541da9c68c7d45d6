// Renders the kubeconfig that points kubectl and client libraries at a running kube-sim.

export interface KubeconfigInput {
  server: string;
  caPem: string;
  token: string;
  name?: string;
}

/** YAML text; every value is quoted JSON-style, which YAML reads as a plain string. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = input.name ?? 'kube-sim';
  const q = (value: string) => JSON.stringify(value);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: ' + q(name),
    '  cluster:',
    '    server: ' + q(input.server),
    '    certificate-authority-data: ' + q(Buffer.from(input.caPem).toString('base64')),
    'users:',
    '- name: ' + q(`${name}-user`),
    '  user:',
    '    token: ' + q(input.token),
    'contexts:',
    '- name: ' + q(name),
    '  context:',
    '    cluster: ' + q(name),
    '    user: ' + q(`${name}-user`),
    'current-context: ' + q(name),
    'preferences: {}',
    '',
  ].join('\n');
}
