import { closeAllTransports } from '../../lib/http/transport';
import { sharedTokenEngine } from '../../lib/token';
import { CampariSandbox, type SandboxOptions } from '../../sandbox/server';

/**
 * One sandbox for the enclosing describe block: started before, stopped after (with the shared
 * pools), and before each test its counters, faults and the process-wide token cache are reset.
 */
export function useSandbox(assign: (sandbox: CampariSandbox) => void, options: SandboxOptions = {}): void {
	let sandbox: CampariSandbox;
	beforeAll(async () => {
		sandbox = await CampariSandbox.start(options);
		assign(sandbox);
	});
	afterAll(async () => {
		await sandbox.stop();
		await closeAllTransports();
	});
	beforeEach(() => {
		sandbox.resetCounters();
		sharedTokenEngine.clear();
	});
}
