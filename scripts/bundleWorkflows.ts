// `npm run build:bundle [-- <file>]`: writes the workflow bundle a worker would build at start, so
// a worker started with WORKFLOW_BUNDLE_PATH=<file> loads it instead (the Docker image does: no
// webpack run, seconds and hundreds of MB, at every worker start). The file: the argument, else
// WORKFLOW_BUNDLE_PATH, else dist/workflow-bundle.js.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config';
import { bundleWorkflows } from '../worker/worker';

const DEFAULT_BUNDLE_PATH = 'dist/workflow-bundle.js';

try {
  const file = resolve(process.argv[2] ?? loadConfig().worker.bundlePath ?? DEFAULT_BUNDLE_PATH);
  const code = await bundleWorkflows(new DefaultLogger('WARN'));
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed: a worker never reads a half-written bundle.
  writeFileSync(`${file}.tmp`, code);
  renameSync(`${file}.tmp`, file);
  process.stdout.write(`workflow bundle written: ${file} (${(code.length / 1e6).toFixed(1)} MB)\n`);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
