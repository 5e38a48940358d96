import { makeSelfSignedCert } from './tls';
import { CampariSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './server';

/** `node dist/sandbox/cli.js [--port 4010] [--https] [--token-lifetime 3600|none]`: runs until SIGINT/SIGTERM. */
async function main() {
	const args = process.argv.slice(2);
	const value = (flag: string) => {
		const i = args.indexOf(flag);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const lifetime = value('--token-lifetime');
	const sandbox = await CampariSandbox.start({
		port: Number(value('--port') ?? 4010),
		tls: args.includes('--https') ? makeSelfSignedCert() : undefined,
		tokenLifetimeS: lifetime === undefined ? undefined : lifetime === 'none' ? null : Number(lifetime),
	});
	process.stdout.write(
		`${JSON.stringify({ origin: sandbox.origin, tokenUrl: sandbox.tokenUrl, baseUrl: sandbox.baseUrl, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, control: `${sandbox.origin}/_sandbox/stats` })}\n`,
	);
	const stop = () => void sandbox.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	process.stderr.write(`sandbox failed to start: ${error.message}\n`);
	process.exit(1);
});
