import type { INodeProperties } from 'n8n-workflow';

import { CTS_FIELDS, insertInCtsItem, insertInCtsRequest, SOAP_SERVICES } from '../../../../lib/soap/material';
import type { XmlObject } from '../../../../lib/soap/parse';
import { optionalString, requiredString } from '../../shared/parameters';
import { soapOptions, soapSettings } from '../../shared/soap';
import type { Operation } from '../../shared/types';

const service = SOAP_SERVICES.insertInCts;
const parameterName = (element: string) => element.charAt(0).toLowerCase() + element.slice(1);

const fieldProperties: INodeProperties[] = CTS_FIELDS.map(({ element, label, required }) => ({
	displayName: label,
	name: parameterName(element),
	type: 'string',
	required,
	default: '',
	description: `Sent as ${element}${required ? '' : ' (optional; left out when empty)'}`,
}));

export const insertInCts: Operation = {
	name: 'Insert in CTS',
	value: 'insertInCts',
	action: 'Insert a new material in CTS',
	description: 'Notify CTS of a product initialization (SOAP NotifyProductInitilization)',
	properties: [...fieldProperties, soapOptions(service)],
	build(ef, i, options) {
		// Every mandatory field is checked here, before anything is sent.
		const values: Record<string, string | undefined> = {};
		for (const { element, label, required } of CTS_FIELDS) {
			const name = parameterName(element);
			values[element] = required ? requiredString(ef, name, i, `${label} (${element})`) : optionalString(ef.getNodeParameter(name, i, ''));
		}
		return insertInCtsRequest(values, soapSettings(options, service));
	},
	toItems(response) {
		return [insertInCtsItem(response.body as XmlObject)];
	},
};
