/**
 * Runs `task(i)` for i in [0, count) with at most `limit` running at once. Results keep index
 * order. When a task throws, no new task starts and the first error (by time) is thrown once
 * the running ones have settled.
 */
export async function mapWithConcurrency<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	let failed = false;
	let firstError: unknown;
	const worker = async () => {
		while (!failed && next < count) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				if (!failed) firstError = error;
				failed = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	if (failed) throw firstError;
	return results;
}
