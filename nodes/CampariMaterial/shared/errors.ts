import { type IExecuteFunctions, type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CampariApiError, CampariInputError } from '../../../lib/campari/errors';
import { TransportError } from '../../../lib/http/errors';
import { SoapFaultError } from '../../../lib/soap/request';
import { TokenError } from '../../../lib/token';

function inputNodeError(node: INode, itemIndex: number, field: string, message: string): NodeOperationError {
	return new NodeOperationError(node, `${message} [item ${itemIndex}]`, { itemIndex, description: `Check the field "${field}" of item ${itemIndex}.` });
}

/** Bad input of an item, named by field and item, raised before any request is sent. */
export function inputError(ef: IExecuteFunctions, itemIndex: number, field: string, message: string): NodeOperationError {
	return inputNodeError(ef.getNode(), itemIndex, field, message);
}

/**
 * Any failure of an item as an n8n error with the item index, the HTTP status, Mashery's error
 * code and the API's message. Only our own summaries go in: never headers of the request.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof CampariInputError) {
		return inputNodeError(node, itemIndex, error.field, error.message);
	}
	if (error instanceof CampariApiError) {
		const response: JsonObject = { message: error.message, httpCode: String(error.status) };
		if (error.masheryErrorCode) response.masheryErrorCode = error.masheryErrorCode;
		const description = [error.apiMessage, error.masheryErrorCode ? `X-Mashery-Error-Code: ${error.masheryErrorCode}` : undefined].filter(Boolean).join(' — ');
		const nodeError = new NodeApiError(node, response, { message: `${error.message} [item ${itemIndex}]`, description: description || undefined, httpCode: String(error.status), itemIndex });
		// NodeApiError keeps no reference to the response object: the code rides in its context.
		if (error.masheryErrorCode) nodeError.context.masheryErrorCode = error.masheryErrorCode;
		if (error instanceof SoapFaultError) Object.assign(nodeError.context, { faultCode: error.faultCode, faultString: error.faultString });
		return nodeError;
	}
	if (error instanceof TokenError) {
		const response: JsonObject = { message: error.message };
		return new NodeApiError(node, response, {
			message: `${error.message} [item ${itemIndex}]`,
			description: error.badCredentials ? 'Check the Client ID and Client Secret of the Campari Open API credential.' : 'Check the Token URL of the Campari Open API credential, or try again later.',
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
		});
	}
	if (error instanceof TransportError) {
		return new NodeApiError(node, { message: error.message }, {
			message: `Campari API request failed: ${error.message} [item ${itemIndex}]`,
			description: `Network error code ${error.code.toLowerCase()}${error.mayHaveReachedServer ? '; the request may have reached the server, so it was not repeated unless that is safe' : ''}.`,
			itemIndex,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, `${(error as Error)?.message ?? String(error)} [item ${itemIndex}]`, { itemIndex });
}

/** The error as the json of an item, for "Continue On Fail". */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): JsonObject {
	const json: JsonObject = { error: error.message, itemIndex };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	const mashery = error.context?.masheryErrorCode as string | undefined;
	if (mashery) json.masheryErrorCode = mashery;
	if (typeof error.context?.faultCode === 'string') Object.assign(json, { faultCode: error.context.faultCode, faultString: error.context.faultString });
	return json;
}
