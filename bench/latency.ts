import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Client-side latency of every HTTP request whose path matches, from the moment it is handed to
 * the HTTP client (undici's request:create, node:http's ClientRequest start — so a TLS handshake
 * or a wait for a free pooled connection counts) to the last byte of the answer. Works without
 * touching the code under test: undici and node:http both publish on diagnostics_channel.
 */
export class LatencyRecorder {
	readonly samples: number[] = [];
	/** performance.now() of the first matching request handed to the client since start(). */
	firstStart: number | undefined;
	private readonly starts = new WeakMap<object, number>();
	private enabled = false;

	constructor(private readonly pathMatches: (path: string) => boolean) {
		subscribe('undici:request:create', (message) => {
			const { request } = message as { request: { path: string } };
			if (this.enabled && this.pathMatches(request.path)) this.began(request);
		});
		subscribe('undici:request:trailers', (message) => {
			this.finish((message as { request: object }).request);
		});
		subscribe('http.client.request.start', (message) => {
			const { request } = message as { request: ClientRequest };
			if (this.enabled && this.pathMatches(request.path)) this.began(request);
		});
		subscribe('http.client.response.finish', (message) => {
			// Published when the answer's headers are in: the body's end is the last byte.
			const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
			if (this.starts.has(request)) response.once('end', () => this.finish(request));
		});
	}

	private began(request: object): void {
		const now = performance.now();
		this.firstStart ??= now;
		this.starts.set(request, now);
	}

	private finish(request: object): void {
		const start = this.starts.get(request);
		if (start === undefined) return;
		this.starts.delete(request);
		this.samples.push(performance.now() - start);
	}

	start(): void {
		this.samples.length = 0;
		this.firstStart = undefined;
		this.enabled = true;
	}

	stop(): void {
		this.enabled = false;
	}

	percentile(p: number): number {
		if (this.samples.length === 0) return NaN;
		const sorted = [...this.samples].sort((a, b) => a - b);
		const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
		return sorted[rank];
	}
}
