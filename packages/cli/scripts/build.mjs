// Builds the CLI into dist/ as self-contained executables: the workspace's own code
// (@porthole/protocol) and the public packages it uses are bundled in, so a packed tarball
// installs with no registry, and their licenses ship beside it.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'rolldown';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const bins = Object.values(pkg.bin);

await build({
  input: ['src/main.ts', 'src/kubectl-porthole.ts'],
  platform: 'node',
  logLevel: 'warn',
  output: { dir: 'dist', format: 'esm', chunkFileNames: '[name].js', cleanDir: true },
});
for (const bin of bins) chmodSync(bin, 0o755);

// Every bundled package's license, in one file that `npm pack` includes.
const require = createRequire(import.meta.url);
const bundled = Object.keys(pkg.devDependencies).filter(
  (name) => !name.startsWith('@porthole/') && name !== 'rolldown',
);
/** The folder of an installed package (not every package exports its package.json). */
function packageDir(name) {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === name) return dir;
  }
  throw new Error(`cannot find the package folder of ${name}`);
}
const notices = bundled.map((name) => {
  const dir = packageDir(name);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return `${name}@${version}\n\n${readFileSync(join(dir, 'LICENSE'), 'utf8').trim()}\n`;
});
writeFileSync('dist/THIRD-PARTY-LICENSES.txt', notices.join('\n---\n\n'));
