import type { ApiRequest } from '../campari/client';
import { CampariApiError } from '../campari/errors';
import { SOAP11_CONTENT_TYPE } from './envelope';
import { type ParseOptions, parseSoap, SoapXmlError, type XmlObject } from './parse';

/**
 * The SOAP service said no: a Fault (any HTTP status), or an answer whose own status field says
 * error. `faultCode` and `faultString` are the service's words, shown on the item.
 */
export class SoapFaultError extends CampariApiError {
	readonly faultCode: string;
	readonly faultString: string;
	constructor(args: { status: number; headers: Record<string, string>; faultCode: string; faultString: string; summary: string; detail?: unknown }) {
		super({
			status: args.status,
			headers: args.headers,
			masheryErrorCode: args.headers['x-mashery-error-code'],
			apiMessage: [args.faultCode, args.faultString].filter(Boolean).join(': ') || undefined,
			body: args.detail,
			summary: args.summary,
		});
		this.name = 'SoapFaultError';
		this.faultCode = args.faultCode;
		this.faultString = args.faultString;
	}
}

export interface SoapCall {
	method?: string;
	path: string;
	pathField?: string;
	/** Sent in the SOAPAction header (quoted, as SOAP 1.1 specifies). */
	soapAction: string;
	envelope: string;
	/** Whether the call may be sent twice (reads), so 502/504 and network failures are retried. */
	repeatable: boolean;
	parse?: ParseOptions;
	/** A failure the answer reports in its own fields (e.g. a ResponseType Status of error). */
	check?: (body: XmlObject, status: number, headers: Record<string, string>) => CampariApiError | undefined;
}

function fallback(text: string): unknown {
	// Not SOAP (a gateway's JSON or HTML error page): handed back for the client's usual reading.
	if (/^\s*[[{]/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}

/** Reads a SOAP answer: its Body as JSON, or a SoapFaultError / CampariApiError. */
export function readSoapAnswer(call: Pick<SoapCall, 'parse' | 'check'>, answer: { status: number; headers: Record<string, string>; text: string }): unknown {
	const { status, headers, text } = answer;
	const ok = status >= 200 && status < 300;
	let message;
	try {
		message = parseSoap(text, call.parse);
	} catch (error) {
		if (!ok) return fallback(text); // the HTTP status already says what went wrong
		const reason = error instanceof SoapXmlError ? error.message : String(error);
		// The refused text is not kept: it may be large or hostile.
		throw new CampariApiError({ status, headers, body: undefined, summary: `Campari API: HTTP ${status}, but the SOAP answer was refused: ${reason}` });
	}
	if (message.fault) {
		const { code, text: faultText, detail } = message.fault;
		const summary = `Campari API: HTTP ${status} SOAP Fault${code ? ` ${code}` : ''}${faultText ? `: ${faultText}` : ''}`;
		throw new SoapFaultError({ status, headers, faultCode: code, faultString: faultText, summary, detail });
	}
	if (!ok) return fallback(text);
	const failure = call.check?.(message.body, status, headers);
	if (failure) throw failure;
	return message.body;
}

/** The ApiRequest of a SOAP 1.1 call: the envelope as the raw body, the answer read as SOAP. */
export function soapRequest(call: SoapCall): ApiRequest {
	return {
		method: call.method ?? 'POST',
		path: call.path,
		pathField: call.pathField,
		headers: { soapaction: `"${call.soapAction}"` },
		raw: { body: call.envelope, contentType: SOAP11_CONTENT_TYPE },
		responseType: 'text',
		repeatable: call.repeatable,
		readBody: (answer) => readSoapAnswer(call, answer),
	};
}
