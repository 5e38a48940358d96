import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiRequest, ApiResponse } from '../../../lib/campari/client';
import type { CampariConnection } from '../../../lib/campari/connection';
import type { TokenEngine } from '../../../lib/token';
import type { CommonOptions } from './parameters';

/** What an operation may use beyond its parameters. */
export interface OperationServices {
	connection: CampariConnection;
	engine: TokenEngine;
}

/**
 * One operation: its parameters, how an item's parameters become a request (no I/O, input checked
 * here), and how the answer becomes output. Operations that do not call the Material API
 * (accessToken → get) implement `run` instead of `build`.
 */
export interface Operation {
	/** Shown in the operation dropdown. */
	name: string;
	value: string;
	action: string;
	description: string;
	/** Parameters of this operation only; the resource's index adds the displayOptions. */
	properties: INodeProperties[];
	build?(ef: IExecuteFunctions, itemIndex: number, options: CommonOptions): ApiRequest | Promise<ApiRequest>;
	toItems?(response: ApiResponse, ef: IExecuteFunctions, itemIndex: number, options: CommonOptions): IDataObject[];
	run?(ef: IExecuteFunctions, itemIndex: number, services: OperationServices): Promise<IDataObject[]>;
}

export interface Resource {
	name: string;
	value: string;
	operations: Operation[];
	defaultOperation: string;
}
