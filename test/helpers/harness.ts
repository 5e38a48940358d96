// The tests use the same in-process n8n engine as the demo and the benchmark.
export * from '../../tools/engine/runWorkflow';
