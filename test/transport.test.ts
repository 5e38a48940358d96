import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

import { Transport } from '../lib/http/transport';
import { CampariSandbox } from '../sandbox/server';
import { makeSelfSignedCert } from '../sandbox/tls';

/** A CONNECT proxy on loopback that counts the tunnels it opened. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close: () => Promise<void> }> {
	const tunnels: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = http.createServer((_req, res) => res.writeHead(405).end());
	server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
		tunnels.push(String(req.url));
		const [host, port] = String(req.url).split(':');
		const upstream = net.connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.pipe(client);
			client.pipe(upstream);
		});
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('error', () => s.destroy());
			s.on('close', () => sockets.delete(s));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		tunnels,
		close: async () => {
			for (const s of sockets) s.destroy();
			await new Promise<void>((r) => server.close(() => r()));
		},
	};
}

describe('undici transport', () => {
	let sandbox: CampariSandbox;
	beforeAll(async () => {
		sandbox = await CampariSandbox.start();
	});
	afterAll(async () => {
		await sandbox.stop();
	});

	test('keep-alive: 300 requests at concurrency 8 use at most 8 connections', async () => {
		sandbox.resetCounters();
		const before = sandbox.stats.connections;
		const transport = new Transport({ connections: 8 });
		const url = `${sandbox.origin}/_sandbox/stats`;
		for (let batch = 0; batch < 300 / 30; batch++) {
			const answers = await Promise.all(Array.from({ length: 30 }, () => transport.request({ method: 'GET', url })));
			expect(answers.every((a) => a.status === 200)).toBe(true);
		}
		expect(sandbox.stats.connections - before).toBeLessThanOrEqual(8);
		await transport.close();
	});

	test('an answer above maxResponseBytes is refused, not buffered', async () => {
		const transport = new Transport();
		const error = await transport.request({ method: 'GET', url: `${sandbox.origin}/_sandbox/seen`, maxResponseBytes: 1 }).catch((e) => e);
		expect(error.code).toBe('RESPONSE_TOO_LARGE');
		expect(error.message).toContain('larger than 1 bytes');
		await transport.close();
	});

	describe('proxy from the environment', () => {
		const saved = { ...process.env };
		afterEach(() => {
			for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) delete process.env[k];
			Object.assign(process.env, saved);
		});

		test('HTTP_PROXY is used, and NO_PROXY bypasses it', async () => {
			const proxy = await startProxy();
			try {
				process.env.HTTP_PROXY = proxy.url;
				const viaProxy = new Transport();
				expect((await viaProxy.request({ method: 'GET', url: `${sandbox.origin}/_sandbox/stats` })).status).toBe(200);
				expect(proxy.tunnels).toEqual([sandbox.origin.replace('http://', '')]);
				await viaProxy.close();

				process.env.NO_PROXY = '127.0.0.1';
				const direct = new Transport();
				expect((await direct.request({ method: 'GET', url: `${sandbox.origin}/_sandbox/stats` })).status).toBe(200);
				expect(proxy.tunnels).toHaveLength(1);
				await direct.close();
			} finally {
				await proxy.close();
			}
		});
	});

	describe('TLS', () => {
		let tlsSandbox: CampariSandbox;
		beforeAll(async () => {
			tlsSandbox = await CampariSandbox.start({ tls: makeSelfSignedCert() });
		});
		afterAll(async () => {
			await tlsSandbox.stop();
		});

		test('verification is on by default: a self-signed certificate is refused with a clear error', async () => {
			const transport = new Transport();
			const error = await transport.request({ method: 'GET', url: `${tlsSandbox.origin}/_sandbox/stats` }).catch((e) => e);
			expect(error.name).toBe('TransportError');
			expect(error.message).toContain('self-signed');
			expect(error.mayHaveReachedServer).toBe(false);
			await transport.close();
		});

		test('only an explicit opt-out accepts it', async () => {
			const transport = new Transport({ allowUnauthorizedCerts: true });
			expect((await transport.request({ method: 'GET', url: `${tlsSandbox.origin}/_sandbox/stats` })).status).toBe(200);
			await transport.close();
		});
	});
});
