import { XMLParser } from 'fast-xml-parser';

/** Parsed XML as plain JSON: element → string (leaf, '' when empty), object, or array (repeated). */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue;
}

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

/** XML that is refused or cannot be read; the text itself is never kept (it may be hostile). */
export class SoapXmlError extends Error {
	readonly reason: 'doctype' | 'too-large' | 'malformed' | 'not-soap';
	constructor(reason: SoapXmlError['reason'], message: string) {
		super(message);
		this.name = 'SoapXmlError';
		this.reason = reason;
	}
}

export interface SoapFault {
	/** faultcode (SOAP 1.1) or Code/Value (SOAP 1.2), e.g. "soap:Server". */
	code: string;
	/** faultstring (SOAP 1.1) or Reason/Text (SOAP 1.2). */
	text: string;
	actor?: string;
	detail?: XmlValue;
}

export interface SoapMessage {
	/** The children of Body, by local name. */
	body: XmlObject;
	fault?: SoapFault;
}

export interface ParseOptions {
	maxBytes?: number;
	maxDepth?: number;
	/** Element names (local) that are arrays even when they occur once. */
	arrays?: Iterable<string>;
}

// Only XML's five named entities and character references: a DOCTYPE is refused before parsing,
// so no document can declare an entity of its own (no expansion bomb, no external entity).
const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function parser(options: ParseOptions): XMLParser {
	const arrays = new Set(options.arrays ?? []);
	return new XMLParser({
		removeNSPrefix: true,
		ignoreAttributes: true,
		ignoreDeclaration: true,
		ignorePiTags: true,
		parseTagValue: false,
		parseAttributeValue: false,
		trimValues: false,
		processEntities: true,
		// The object form replaces the HTML set with XML's own and lets &#…; references through.
		htmlEntities: XML_ENTITIES as unknown as boolean,
		maxNestedTags: options.maxDepth ?? DEFAULT_MAX_DEPTH,
		isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && arrays.has(name),
	});
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whitespace between elements goes; text of mixed content stays under "#text". */
function normalize(value: unknown): XmlValue {
	if (Array.isArray(value)) return value.map(normalize);
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	const entries = Object.entries(value as Record<string, unknown>);
	const out: XmlObject = {};
	for (const [key, child] of entries) {
		if (UNSAFE_KEYS.has(key)) continue;
		if (key === '#text' && entries.length > 1 && String(child).trim() === '') continue;
		out[key] = normalize(child);
	}
	const keys = Object.keys(out);
	return keys.length === 1 && keys[0] === '#text' ? out['#text'] : out;
}

/** Parses XML safely: size-limited, DOCTYPE refused, well-formedness checked, depth-limited. */
export function parseXml(text: string, options: ParseOptions = {}): XmlObject {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
	const bytes = Buffer.byteLength(text, 'utf8');
	if (bytes > maxBytes) throw new SoapXmlError('too-large', `the XML is ${bytes} bytes, above the limit of ${maxBytes}`);
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SoapXmlError('doctype', 'the XML declares a DOCTYPE or entities, which are refused (entity expansion and external entities are not allowed)');
	let parsed: unknown;
	try {
		parsed = parser(options).parse(text, true);
	} catch (error) {
		throw new SoapXmlError('malformed', `the XML could not be read (${String((error as Error)?.message ?? error).slice(0, 200)})`);
	}
	if (parsed === true || typeof parsed !== 'object' || parsed === null) throw new SoapXmlError('malformed', 'the XML could not be read');
	const result = normalize(parsed);
	if (typeof result !== 'object' || Array.isArray(result)) throw new SoapXmlError('malformed', 'the XML has no root element');
	return result;
}

const asObject = (v: XmlValue | undefined): XmlObject | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : Array.isArray(v) ? asObject(v[0]) : undefined);
const asText = (v: XmlValue | undefined): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) ? asText(v[0]) : undefined);

function readFault(fault: XmlObject): SoapFault {
	// SOAP 1.1: faultcode/faultstring; SOAP 1.2: Code/Value, Reason/Text.
	const code = asText(fault.faultcode) ?? asText(asObject(fault.Code)?.Value) ?? '';
	const text = asText(fault.faultstring) ?? asText(asObject(fault.Reason)?.Text) ?? '';
	const actor = asText(fault.faultactor) ?? asText(fault.Role);
	const detail = fault.detail ?? fault.Detail;
	return { code: code.trim(), text: text.trim(), ...(actor ? { actor } : {}), ...(detail !== undefined && detail !== '' ? { detail } : {}) };
}

/** Parses a SOAP envelope (1.1 or 1.2, any prefixes): the Body's content and its Fault, if any. */
export function parseSoap(text: string, options: ParseOptions = {}): SoapMessage {
	const root = parseXml(text, options);
	const envelope = asObject(root.Envelope);
	if (!envelope) throw new SoapXmlError('not-soap', 'the XML is not a SOAP envelope (no Envelope element)');
	const bodyValue = envelope.Body;
	if (bodyValue === undefined) throw new SoapXmlError('not-soap', 'the SOAP envelope has no Body');
	const body = asObject(bodyValue) ?? {};
	const fault = asObject(body.Fault);
	return fault ? { body, fault: readFault(fault) } : { body };
}

/** Every value at a path of element names; arrays on the way are walked through. */
export function findAll(node: XmlValue | undefined, path: string[]): XmlValue[] {
	if (node === undefined) return [];
	if (Array.isArray(node)) return node.flatMap((n) => findAll(n, path));
	if (path.length === 0) return [node];
	if (typeof node !== 'object') return [];
	return findAll(node[path[0]], path.slice(1));
}

/** The records (objects) at a path; an empty element counts as no record. */
export function findRecords(node: XmlValue | undefined, path: string[]): XmlObject[] {
	return findAll(node, path).filter((v): v is XmlObject => typeof v === 'object' && !Array.isArray(v));
}
