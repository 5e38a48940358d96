// What the three SOAP operations share: their options, how an item's settings are read, the reads.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_SOAP_NAMESPACE,
	materialDetailRequest,
	materialRecords,
	type SoapService,
	type SoapSettings,
} from '../../../lib/soap/material';
import type { XmlObject } from '../../../lib/soap/parse';
import { type CommonOptions, requestOptions, requiredString, resolvePath } from './parameters';
import type { Operation } from './types';

/** The options of a SOAP operation: the common ones, plus namespace, SOAP action and element form. */
export function soapOptions(service: SoapService, extra: INodeProperties[] = []): INodeProperties {
	const defaultAction = service.soapAction;
	return requestOptions({ method: 'POST', path: service.defaultPath }, [
		...extra,
		{
			displayName: 'Namespace',
			name: 'namespace',
			type: 'string',
			default: DEFAULT_SOAP_NAMESPACE,
			description: 'XML namespace of the request element; Campari does not publish it, so set it from the WSDL if it differs. Empty sends no namespace.',
		},
		{
			displayName: 'SOAP Action',
			name: 'soapAction',
			type: 'string',
			default: defaultAction,
			description: 'Overrides the SOAPAction header (the default is the portal\'s spelling)',
		},
		{
			displayName: 'Child Elements Qualified',
			name: 'qualified',
			type: 'boolean',
			default: true,
			description: 'Whether the fields carry the namespace too (elementFormDefault="qualified"); turn off for a WSDL with unqualified elements',
		},
	]);
}

/** The item's SOAP settings: method and path (resolvePath), namespace, action, element form. */
export function soapSettings(common: CommonOptions, service: SoapService): SoapSettings & { keepWhole: boolean } {
	const options = common.all;
	return {
		method: common.method ?? 'POST',
		...resolvePath(common, service.defaultPath),
		namespace: typeof options.namespace === 'string' ? options.namespace.trim() : DEFAULT_SOAP_NAMESPACE,
		soapAction: typeof options.soapAction === 'string' && options.soapAction.trim() !== '' ? options.soapAction : service.soapAction,
		qualified: options.qualified !== false,
		keepWhole: options.keepWhole === true,
	};
}

/** A read by MaterialCode: one item per MaterialMasterData record, or the whole answer as one. */
export function materialDetailOperation(spec: { service: SoapService; name: string; value: string; action: string; description: string }): Operation {
	const { service } = spec;
	return {
		name: spec.name,
		value: spec.value,
		action: spec.action,
		description: spec.description,
		properties: [
			{
				displayName: 'Material Code',
				name: 'materialCode',
				type: 'string',
				required: true,
				default: '',
				placeholder: '000000000000123456',
				description: 'The SAP material number, sent as MaterialCode',
			},
			soapOptions(service, [
				{
					displayName: 'Keep Whole Answer',
					name: 'keepWhole',
					type: 'boolean',
					default: false,
					description: 'Whether to return the whole answer (the SOAP Body as JSON) as one item instead of one item per MaterialMasterData record',
				},
			]),
		],
		build(ef, i, options) {
			const materialCode = requiredString(ef, 'materialCode', i, 'Material Code');
			return materialDetailRequest(service, materialCode, soapSettings(options, service));
		},
		toItems(response, _ef, _i, options) {
			const body = response.body as XmlObject;
			if (soapSettings(options, service).keepWhole) return [body as IDataObject];
			return materialRecords(service, body) as IDataObject[];
		},
	};
}
