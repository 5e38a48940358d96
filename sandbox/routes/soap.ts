import { XMLBuilder, XMLParser } from 'fast-xml-parser';

import type { Route, RouteContext } from '../route';
import type { Reply, SandboxState } from '../state';

/**
 * The Material API's SOAP services as the portal describes them (campari-api.md). Paths and
 * namespace are the client's inferred defaults (docs/soap.md); the emulator checks the
 * SOAPAction, the envelope's namespaces and every field, and answers with the portal's structures.
 *
 * Material codes: "FAULT…" answers a SOAP Fault (HTTP 500); codes ending in 0 or starting with 9
 * have no records; any other has 1 + (its last character's code mod 3) records, plus one per CTS
 * insert of that material. A CTS insert of a production order already inserted answers HTTP 200
 * with ResponseType Status "E".
 */
const BASE = '^/master-data';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SANDBOX_SOAP_NAMESPACE = 'urn:campari:material';

const CTS_FIELDS = ['ProductionOrder', 'Material', 'Status', 'Line', 'PalletSize', 'PlannedStartDate', 'PlannedEndDate', 'TargetQuantity', 'TargetUnit', 'TargetPallets', 'Sequence', 'PurchaseOrder', 'BestBeforeDate', 'Shift', 'CasesPreviousBatch', 'DestinationCountry', 'SourcePlant'];
const CTS_OPTIONAL = new Set(['SourcePlant']);

export interface CtsInsert {
	fields: Record<string, string>;
	soapAction: string;
	at: number;
}

/** The CTS inserts this sandbox accepted, in order. */
export function ctsInserts(state: SandboxState): CtsInsert[] {
	let list = state.store.get('soap.cts') as CtsInsert[] | undefined;
	if (!list) {
		list = [];
		state.store.set('soap.cts', list);
	}
	return list;
}

/** The namespace the request element must be in (tests change it to check the override). */
export function expectedSoapNamespace(state: SandboxState, namespace?: string): string {
	if (namespace !== undefined) state.store.set('soap.namespace', namespace);
	return (state.store.get('soap.namespace') as string | undefined) ?? SANDBOX_SOAP_NAMESPACE;
}

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	removeNSPrefix: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true,
	htmlEntities: { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as unknown as boolean,
});
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, suppressEmptyNode: false });

type Node = Record<string, unknown>;
const local = (name: string) => name.slice(name.indexOf(':') + 1);
const prefixOf = (name: string) => (name.includes(':') ? name.slice(0, name.indexOf(':')) : '');

class ClientFault extends Error {}

/** The namespace of an element name, from its own xmlns attributes or its ancestors'. */
function namespaceOf(name: string, chain: Node[]): string {
	const attr = prefixOf(name) === '' ? '@_xmlns' : `@_xmlns:${prefixOf(name)}`;
	for (let i = chain.length - 1; i >= 0; i--) if (typeof chain[i][attr] === 'string') return chain[i][attr] as string;
	return '';
}

function elements(node: Node): Array<[string, unknown]> {
	return Object.entries(node).filter(([k]) => !k.startsWith('@_') && k !== '#text');
}

function textOf(value: unknown, field: string): string {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) throw new ClientFault(`The element ${field} occurs more than once`);
	if (typeof value === 'object' && value !== null) {
		if (elements(value as Node).length > 0) throw new ClientFault(`The element ${field} must hold text, not elements`);
		const text = (value as Node)['#text'];
		return typeof text === 'string' ? text : '';
	}
	return '';
}

/** Reads the request element's fields, checking the envelope and namespaces on the way. */
function readRequest(body: string, requestElement: string, namespace: string): Record<string, string> {
	if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new ClientFault('DOCTYPE and entity declarations are not accepted');
	let root: Node;
	try {
		root = parser.parse(body, true) as Node;
	} catch (error) {
		throw new ClientFault(`The request is not well-formed XML: ${(error as Error).message}`);
	}
	const envelopeName = Object.keys(root).find((k) => local(k) === 'Envelope');
	const envelope = envelopeName ? (root[envelopeName] as Node) : undefined;
	if (!envelopeName || typeof envelope !== 'object' || namespaceOf(envelopeName, [envelope]) !== SOAP_ENV) throw new ClientFault('The request is not a SOAP 1.1 Envelope');
	const bodyName = Object.keys(envelope).find((k) => local(k) === 'Body');
	const soapBody = bodyName ? (envelope[bodyName] as Node) : undefined;
	if (!bodyName || typeof soapBody !== 'object' || namespaceOf(bodyName, [envelope, soapBody]) !== SOAP_ENV) throw new ClientFault('The Envelope has no SOAP Body');
	const children = elements(soapBody);
	const requestName = children.find(([k]) => local(k) === requestElement)?.[0];
	if (!requestName || children.length !== 1) throw new ClientFault(`The Body must hold exactly one ${requestElement}`);
	const request = soapBody[requestName];
	const requestNode: Node = typeof request === 'object' && request !== null && !Array.isArray(request) ? (request as Node) : {};
	const chain = [envelope, soapBody, requestNode];
	const got = namespaceOf(requestName, chain);
	if (got !== namespace) throw new ClientFault(`${requestElement} must be in namespace "${namespace}", not "${got}"`);
	const fields: Record<string, string> = {};
	for (const [name, value] of elements(requestNode)) {
		const childNs = namespaceOf(name, [...chain, typeof value === 'object' && value !== null ? (value as Node) : {}]);
		// Qualified children share the request's namespace; unqualified ones have none.
		if (childNs !== namespace && childNs !== '') throw new ClientFault(`${local(name)} is in the unexpected namespace "${childNs}"`);
		fields[local(name)] = textOf(value, local(name));
	}
	return fields;
}

function xml(status: number, namespace: string, body: Node): Reply {
	const envelope = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, 'soapenv:Envelope': { '@_xmlns:soapenv': SOAP_ENV, '@_xmlns:ns': namespace, 'soapenv:Body': body } };
	return { status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: builder.build(envelope) as string };
}

export function soapFault(code: 'Client' | 'Server', text: string, namespace = SANDBOX_SOAP_NAMESPACE, status = 500): Reply {
	return xml(status, namespace, {
		'soapenv:Fault': {
			faultcode: `soapenv:${code}`,
			faultstring: text,
			detail: { 'ns:ErrorDetail': { 'ns:Source': 'campari-sandbox' } },
		},
	});
}

const ns = (record: Record<string, string>): Node => Object.fromEntries(Object.entries(record).map(([k, v]) => [`ns:${k}`, v]));

function masterData(state: SandboxState, code: string, tp: boolean): Node[] {
	const count = /0$/.test(code) || code.startsWith('9') ? 0 : 1 + (code.charCodeAt(code.length - 1) % 3);
	const records: Array<Record<string, string>> = [];
	for (let i = 0; i < count; i++) {
		records.push({
			Function: i === 0 ? '009' : '005',
			MatlNum: code,
			MatlDesc: 'Bière Ñ € & <Campari> "Bitter" \'1L\'',
			CreatedOn: '2024-01-15',
			CreatedBy: 'SANDBOX',
			DateLastChange: `2024-0${1 + i}-20`,
			ChangedBy: i === 0 ? 'SANDBOX' : '',
			MaintStatus: 'KVEB',
			ClntDelInd: '',
			MatlType: 'FERT',
			IndstrySector: 'B',
			MatlGrp: 'SPIRITS',
			OldMatlNum: '',
			BaseUom: 'BOT',
			PurchOrdUoM: 'CS',
			DocNum: `DOC-${code}-${i + 1}`,
			DocType: i === 0 ? 'SPC' : 'DRW',
			...(tp ? { PageDocNum: String(i + 1), SheetNum: '001' } : {}),
		});
	}
	for (const insert of ctsInserts(state).filter((c) => c.fields.Material === code)) {
		records.push({ Function: 'CTS', MatlNum: code, MatlDesc: insert.fields.ProductionOrder, DocNum: insert.fields.ProductionOrder, DocType: 'PO', ChangedBy: insert.fields.Shift, ...(tp ? { PageDocNum: '1', SheetNum: '001' } : {}) });
	}
	return records.map(ns);
}

interface Service {
	name: string;
	path: string;
	action: string;
	requestElement: string;
	answer: (state: SandboxState, fields: Record<string, string>, namespace: string, action: string) => Reply;
}

function materialCode(fields: Record<string, string>): string {
	for (const name of Object.keys(fields)) if (name !== 'MaterialCode') throw new ClientFault(`Unexpected element ${name}`);
	const code = fields.MaterialCode;
	if (code === undefined || code.trim() === '') throw new ClientFault('MaterialCode is mandatory');
	return code;
}

function detail(responseElement: string, tp: boolean) {
	return (state: SandboxState, fields: Record<string, string>, namespace: string): Reply => {
		const code = materialCode(fields);
		if (code.startsWith('FAULT')) return soapFault('Server', `Material ${code} is locked by another SAP user`, namespace);
		const records = masterData(state, code, tp);
		return xml(200, namespace, { [`ns:${responseElement}`]: { 'ns:Material': { 'ns:MatDoc': records.length > 0 ? { 'ns:MaterialMasterData': records } : '' } } });
	};
}

function insertInCts(state: SandboxState, fields: Record<string, string>, namespace: string, action: string): Reply {
	for (const name of Object.keys(fields)) if (!CTS_FIELDS.includes(name)) throw new ClientFault(`Unexpected element ${name}`);
	for (const name of CTS_FIELDS) {
		if (!CTS_OPTIONAL.has(name) && (fields[name] === undefined || fields[name].trim() === '')) throw new ClientFault(`NotifyProductInitializationRequest: the mandatory field ${name} is missing`);
	}
	const inserts = ctsInserts(state);
	const order = fields.ProductionOrder;
	const answer = (responses: Array<Record<string, string>>, data: Record<string, string>) =>
		xml(200, namespace, { 'ns:NotifyProductInitializationResponse': { 'ns:NotifyProductInitializationData': ns(data), 'ns:CommonResponse': { 'ns:ResponseType': responses.map(ns) } } });
	if (inserts.some((c) => c.fields.ProductionOrder === order)) {
		return answer([{ Status: 'E', Class: 'CTS', Code: 'CTS-409', Message: `Production order ${order} is already initialized` }], { authenticated: 'true', responseCode: '409', responseMessage: 'Rejected' });
	}
	inserts.push({ fields: { ...fields }, soapAction: action, at: Date.now() });
	return answer(
		[
			{ Status: 'S', Class: 'CTS', Code: '000', Message: `Production order ${order} for material ${fields.Material} initialized` },
			{ Status: 'I', Class: 'CTS', Code: '010', Message: `Line ${fields.Line} scheduled from ${fields.PlannedStartDate}` },
		],
		{ authenticated: 'true', responseCode: '0', responseMessage: `Production order ${order} received` },
	);
}

const services: Service[] = [
	{ name: 'soap.insertInCts', path: 'materials/cts/soap', action: 'NotifyProductInitilization', requestElement: 'NotifyProductInitializationRequest', answer: insertInCts },
	{ name: 'soap.getSapInterspecDetails', path: 'materials/sap-interspec/soap', action: 'RetrieveMaterialDetail', requestElement: 'Request_RetriveMaterialDetail', answer: detail('Response_RetriveMaterialDetail', false) },
	{ name: 'soap.getSapDetails', path: 'materials/sap/soap', action: 'RetrieveMaterialTp', requestElement: 'Request_RetriveMaterialTp', answer: detail('Response_RetriveMaterialTp', true) },
];

function handle(service: Service) {
	return ({ state, headers, body }: RouteContext): Reply => {
		const namespace = expectedSoapNamespace(state);
		if (!/^text\/xml\b/i.test(headers['content-type'] ?? '')) return soapFault('Client', 'SOAP 1.1 requests must be sent as text/xml', namespace, 415);
		// SOAP 1.1 quotes the action; an unquoted one is accepted as servers commonly do.
		const action = (headers.soapaction ?? '').trim().replace(/^"(.*)"$/, '$1');
		if (action !== service.action) return soapFault('Client', `Unknown SOAPAction "${action}" for this service (expected "${service.action}")`, namespace);
		try {
			return service.answer(state, readRequest(body, service.requestElement, namespace), namespace, action);
		} catch (error) {
			if (error instanceof ClientFault) return soapFault('Client', error.message, namespace);
			throw error;
		}
	};
}

/** One route per service; its name ("soap.insertInCts", …) is what faults and `seen` match. */
export const soapRoutes: Route[] = services.map((service) => ({
	name: service.name,
	method: 'POST',
	pattern: new RegExp(`${BASE}/${service.path}$`),
	handle: handle(service),
}));
