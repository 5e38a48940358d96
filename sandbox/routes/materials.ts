import { MATERIAL_TYPES, type SampleMaterial, seedMaterials, syntheticMaterial } from '../data';
import type { Route } from '../route';
import type { SandboxState } from '../state';

const BASE = '^/master-data';

/** The material store of this sandbox, seeded on first use. */
export function materials(state: SandboxState): Map<string, SampleMaterial> {
	let store = state.store.get('materials') as Map<string, SampleMaterial> | undefined;
	if (!store) {
		store = seedMaterials();
		state.store.set('materials', store);
	}
	return store;
}

/** A seeded material, or a synthetic one for any other 18-digit id ("0" ids do not exist). */
export function findMaterial(state: SandboxState, id: string): SampleMaterial | undefined {
	const known = materials(state).get(id);
	if (known) return known;
	return /^\d{18}$/.test(id) && !/^0+$/.test(id) && !id.startsWith('9') ? syntheticMaterial(id) : undefined;
}

const notFound = (id: string) => ({ status: 404, body: { status: 'Error', messages: [{ type: 'E', message: `Material ${id} does not exist` }] } });

/** REST Material routes (paths as the portal's slugs suggest; see campari-api.md). */
export const materialRoutes: Route[] = [
	{
		name: 'material.getTypes',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/types$`),
		handle: () => ({ status: 200, body: { materials: { types: MATERIAL_TYPES } } }),
	},
	{
		name: 'material.get',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/([^/]+)$`),
		handle: ({ state, params, query }) => {
			const found = findMaterial(state, params[0]);
			if (!found) return notFound(params[0]);
			const answer = { MATERIAL_GENERAL_DATA: found.MATERIAL_GENERAL_DATA, MATERIALPLANTDATA: found.MATERIALPLANTDATA, MATERIALVALUATIONDATA: found.MATERIALVALUATIONDATA };
			const plant = query.get('PLANT');
			const area = query.get('VALUATIONAREA');
			return {
				status: 200,
				body: {
					...answer,
					MATERIALPLANTDATA: plant ? { ...answer.MATERIALPLANTDATA, PLANT: plant } : answer.MATERIALPLANTDATA,
					MATERIALVALUATIONDATA: area ? { ...answer.MATERIALVALUATIONDATA, VALUATIONAREA: area } : answer.MATERIALVALUATIONDATA,
				},
			};
		},
	},
];
