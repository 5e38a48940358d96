/**
 * `node dist/scripts/n8nPrepare.js <userFolder> <sandboxInfo.json>` (used by scripts/n8n.sh):
 * installs the packed package into <userFolder>/.n8n/nodes and writes <userFolder>/credentials.json,
 * the "Campari Open API (sandbox)" credential pointed at the running sandbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type SandboxInfo, credentialFile, installPackage } from './n8nHarness';

const [folder, infoPath] = process.argv.slice(2);
if (!folder || !infoPath) {
	process.stderr.write('usage: node dist/scripts/n8nPrepare.js <userFolder> <sandboxInfo.json>\n');
	process.exit(2);
}
const info = JSON.parse(readFileSync(infoPath, 'utf8').split('\n')[0]) as SandboxInfo;
installPackage(folder, (line) => process.stdout.write(`[n8n] ${line}\n`));
credentialFile(join(folder, 'credentials.json'), info);
process.stdout.write(`[n8n] credential file written: ${join(folder, 'credentials.json')}\n`);
