import type { ApiRequest } from '../campari/client';
import { CampariInputError } from '../campari/errors';
import { buildEnvelope, SoapBuildError } from './envelope';
import { findRecords, type XmlObject, type XmlValue } from './parse';
import { SoapFaultError, soapRequest } from './request';

/**
 * The Material API's SOAP services as the portal describes them (see docs/soap.md). The portal
 * publishes neither endpoint paths nor namespaces: the defaults below are inferred, and every one
 * of them can be overridden per operation.
 */
export const DEFAULT_SOAP_NAMESPACE = 'urn:campari:material';

export interface SoapService {
	/** SOAPAction as the portal spells it. */
	soapAction: string;
	requestElement: string;
	defaultPath: string;
	/** Element path from Body to the records, for the reads. */
	recordPath?: string[];
	repeatable: boolean;
}

export const SOAP_SERVICES = {
	insertInCts: {
		soapAction: 'NotifyProductInitilization', // sic: the portal's spelling
		requestElement: 'NotifyProductInitializationRequest',
		defaultPath: 'materials/cts/soap',
		repeatable: false,
	},
	getSapInterspecDetails: {
		soapAction: 'RetrieveMaterialDetail',
		requestElement: 'Request_RetriveMaterialDetail', // sic
		defaultPath: 'materials/sap-interspec/soap',
		recordPath: ['Response_RetriveMaterialDetail', 'Material', 'MatDoc', 'MaterialMasterData'],
		repeatable: true,
	},
	getSapDetails: {
		soapAction: 'RetrieveMaterialTp',
		requestElement: 'Request_RetriveMaterialTp', // sic
		defaultPath: 'materials/sap/soap',
		recordPath: ['Response_RetriveMaterialTp', 'Material', 'MatDoc', 'MaterialMasterData'],
		repeatable: true,
	},
} satisfies Record<string, SoapService>;

/** Elements that may repeat, so they are arrays even when there is one. */
export const REPEATED_ELEMENTS = ['MaterialMasterData', 'ResponseType'];

/** NotifyProductInitializationRequest's fields in the portal's order; all mandatory but SourcePlant. */
export const CTS_FIELDS: ReadonlyArray<{ element: string; label: string; required: boolean }> = [
	{ element: 'ProductionOrder', label: 'Production Order', required: true },
	{ element: 'Material', label: 'Material', required: true },
	{ element: 'Status', label: 'Status', required: true },
	{ element: 'Line', label: 'Line', required: true },
	{ element: 'PalletSize', label: 'Pallet Size', required: true },
	{ element: 'PlannedStartDate', label: 'Planned Start Date', required: true },
	{ element: 'PlannedEndDate', label: 'Planned End Date', required: true },
	{ element: 'TargetQuantity', label: 'Target Quantity', required: true },
	{ element: 'TargetUnit', label: 'Target Unit', required: true },
	{ element: 'TargetPallets', label: 'Target Pallets', required: true },
	{ element: 'Sequence', label: 'Sequence', required: true },
	{ element: 'PurchaseOrder', label: 'Purchase Order', required: true },
	{ element: 'BestBeforeDate', label: 'Best Before Date', required: true },
	{ element: 'Shift', label: 'Shift', required: true },
	{ element: 'CasesPreviousBatch', label: 'Cases Previous Batch', required: true },
	{ element: 'DestinationCountry', label: 'Destination Country', required: true },
	{ element: 'SourcePlant', label: 'Source Plant', required: false },
];

/** What the user may override per operation (docs/soap.md). */
export interface SoapSettings {
	method: string;
	path: string;
	pathField: string;
	namespace: string;
	soapAction: string;
	qualified: boolean;
}

function toInputError(error: unknown): never {
	if (error instanceof SoapBuildError) throw new CampariInputError(error.field, error.message);
	throw error;
}

/** Checks a SOAPAction override: it goes into a quoted header value. */
export function checkSoapAction(value: string, field = 'options.soapAction'): string {
	const action = value.trim();
	if (action === '' || /["\\\r\n\0]/.test(action)) throw new CampariInputError(field, `The SOAP action "${action.slice(0, 60)}" must be non-empty and contain no quotes, backslashes or line breaks`);
	return action;
}

function request(service: SoapService, settings: SoapSettings, fields: Array<[string, string | undefined]>, check?: Parameters<typeof soapRequest>[0]['check']): ApiRequest {
	let envelope: string;
	try {
		envelope = buildEnvelope({ operation: service.requestElement, namespace: settings.namespace, qualified: settings.qualified, fields });
	} catch (error) {
		toInputError(error);
	}
	return soapRequest({
		method: settings.method,
		path: settings.path,
		pathField: settings.pathField,
		soapAction: checkSoapAction(settings.soapAction),
		envelope,
		repeatable: service.repeatable,
		parse: { arrays: REPEATED_ELEMENTS },
		check,
	});
}

// A ResponseType Status that reports a failure: SAP's E (error) and A (abort), and spelled-out forms.
const ERROR_STATUS = /^(e|a|error|abort|aborted|fail|failed|failure|fault|ko|nok)$/i;

function ctsFailure(body: XmlObject, status: number, headers: Record<string, string>): SoapFaultError | undefined {
	const failed = findRecords(body, ['NotifyProductInitializationResponse', 'CommonResponse', 'ResponseType']).find((r) => typeof r.Status === 'string' && ERROR_STATUS.test(r.Status.trim()));
	if (!failed) return undefined;
	const code = typeof failed.Code === 'string' ? failed.Code : '';
	const text = typeof failed.Message === 'string' ? failed.Message : '';
	const summary = `Campari API: HTTP ${status}, but CTS reports Status ${String(failed.Status)}${code ? ` ${code}` : ''}${text ? `: ${text}` : ''}`;
	return new SoapFaultError({ status, headers, faultCode: code, faultString: text, summary, detail: failed });
}

/** The CTS insert: values keyed by element name (already checked for mandatory ones). */
export function insertInCtsRequest(values: Record<string, string | undefined>, settings: SoapSettings): ApiRequest {
	const fields = CTS_FIELDS.map(({ element }): [string, string | undefined] => [element, values[element]]);
	return request(SOAP_SERVICES.insertInCts, settings, fields, ctsFailure);
}

export function materialDetailRequest(service: SoapService, materialCode: string, settings: SoapSettings): ApiRequest {
	return request(service, settings, [['MaterialCode', materialCode]]);
}

const first = (v: XmlValue | undefined): XmlValue | undefined => (Array.isArray(v) ? v[0] : v);
const text = (v: XmlValue | undefined): string | undefined => {
	const f = first(v);
	return typeof f === 'string' ? f : undefined;
};

/** The insert's answer as one item: the data, the first ResponseType, and every ResponseType. */
export function insertInCtsItem(body: XmlObject): XmlObject {
	const answer = first(body.NotifyProductInitializationResponse);
	const data = findRecords(answer, ['NotifyProductInitializationData'])[0] ?? {};
	const responses = findRecords(answer, ['CommonResponse', 'ResponseType']);
	const head = responses[0] ?? {};
	const item: XmlObject = {};
	for (const name of ['authenticated', 'responseCode', 'responseMessage']) item[name] = text(data[name]) ?? '';
	for (const name of ['Status', 'Class', 'Code', 'Message']) item[name] = text(head[name]) ?? '';
	item.ResponseType = responses;
	return item;
}

/** The MaterialMasterData records of a read's answer (0..n). */
export function materialRecords(service: SoapService, body: XmlObject): XmlObject[] {
	return findRecords(body, service.recordPath ?? []);
}
