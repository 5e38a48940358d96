import { XMLBuilder } from 'fast-xml-parser';

export const SOAP11_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** A value or name that cannot go into an envelope; `field` names where it came from. */
export class SoapBuildError extends Error {
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.name = 'SoapBuildError';
		this.field = field;
	}
}

export interface EnvelopeSpec {
	/** The request element inside Body, e.g. NotifyProductInitializationRequest. */
	operation: string;
	/** Namespace of the request element; '' leaves it unqualified. */
	namespace: string;
	/** Child elements in order; undefined values are left out (optional fields). */
	fields: Array<[name: string, value: string | undefined]>;
	/** Whether the children carry the namespace too (elementFormDefault="qualified"). Default true. */
	qualified?: boolean;
}

// XML 1.0 Char production: anything else cannot be sent, not even as a character reference.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/**
 * Escapes text for element content and attribute values. A CR is written as &#13;: a parser
 * turns a literal CR LF into LF, and values must come back exactly as sent.
 */
export function escapeXml(value: string, field: string): string {
	const bad = INVALID_XML_CHAR.exec(value);
	if (bad) {
		const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		throw new SoapBuildError(field, `The ${field} contains the character U+${code}, which XML 1.0 cannot carry`);
	}
	return value.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] as string);
}

// Values arrive escaped (escapeXml), so the builder must not escape them a second time.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false, suppressEmptyNode: false });

/** A SOAP 1.1 request envelope: Header (empty) and Body holding the operation's element. */
export function buildEnvelope(spec: EnvelopeSpec): string {
	if (!NC_NAME.test(spec.operation)) throw new SoapBuildError('operation', `"${spec.operation.slice(0, 60)}" is not a valid XML element name`);
	const namespace = spec.namespace.trim();
	if (/\s/.test(namespace)) throw new SoapBuildError('namespace', `The namespace "${namespace.slice(0, 100)}" must not contain spaces`);
	const prefix = namespace === '' ? '' : 'm:';
	const childPrefix = spec.qualified === false ? '' : prefix;
	const request: Record<string, string> = {};
	if (namespace !== '') request['@_xmlns:m'] = escapeXml(namespace, 'namespace');
	for (const [name, value] of spec.fields) {
		if (!NC_NAME.test(name)) throw new SoapBuildError(name, `"${name.slice(0, 60)}" is not a valid XML element name`);
		if (value === undefined) continue;
		request[`${childPrefix}${name}`] = escapeXml(value, name);
	}
	return builder.build({
		'?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
		'soapenv:Envelope': {
			'@_xmlns:soapenv': SOAP11_NAMESPACE,
			'soapenv:Header': '',
			'soapenv:Body': { [`${prefix}${spec.operation}`]: request },
		},
	}) as string;
}
