import { CampariApiError, CampariInputError } from '../lib/campari/errors';
import { buildEnvelope, SoapBuildError } from '../lib/soap/envelope';
import { insertInCtsItem, insertInCtsRequest, materialDetailRequest, materialRecords, SOAP_SERVICES, type SoapSettings } from '../lib/soap/material';
import { findRecords, parseSoap, parseXml, SoapXmlError } from '../lib/soap/parse';
import { readSoapAnswer, SoapFaultError } from '../lib/soap/request';

const SPECIAL = 'Bière Ñ € & <b> "double" \'single\' ]]> a\r\nb\tc 𝄞';
const env = (body: string) => `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`;
const settings = (over: Partial<SoapSettings> = {}): SoapSettings => ({ method: 'POST', path: 'p', pathField: 'path', namespace: 'urn:campari:material', soapAction: 'A', qualified: true, ...over });
const answer = (text: string, status = 200) => ({ status, headers: { 'content-type': 'text/xml' }, text });

describe('lib/soap envelope', () => {
	test('special characters round-trip exactly through build and parse (CR, quotes, non-ASCII, astral)', () => {
		const xml = buildEnvelope({ operation: 'Req', namespace: 'urn:x', fields: [['A', SPECIAL], ['Empty', ''], ['Left', undefined]] });
		expect(xml).toContain('<m:Req xmlns:m="urn:x">');
		expect(xml).toContain('&amp;');
		expect(xml).toContain('&#13;');
		expect(xml).not.toContain('<Left');
		const parsed = parseSoap(xml);
		expect(parsed.body.Req).toEqual({ A: SPECIAL, Empty: '' });
	});

	test('unqualified children and no namespace', () => {
		expect(buildEnvelope({ operation: 'Req', namespace: 'urn:x', qualified: false, fields: [['A', '1']] })).toContain('<m:Req xmlns:m="urn:x"><A>1</A></m:Req>');
		expect(buildEnvelope({ operation: 'Req', namespace: '', fields: [['A', '1']] })).toContain('<soapenv:Body><Req><A>1</A></Req></soapenv:Body>');
	});

	test('characters XML cannot carry, and bad names, are refused naming the field', () => {
		expect(() => buildEnvelope({ operation: 'Req', namespace: 'urn:x', fields: [['Line', 'a\u0001b']] })).toThrow(SoapBuildError);
		expect(() => buildEnvelope({ operation: 'Req', namespace: 'urn:x', fields: [['Line', 'a\u0000']] })).toThrow(expect.objectContaining({ field: 'Line', message: 'The Line contains the character U+0000, which XML 1.0 cannot carry' }));
		expect(() => buildEnvelope({ operation: 'Req', namespace: 'urn:x', fields: [['1bad', 'x']] })).toThrow(/not a valid XML element name/);
		expect(() => buildEnvelope({ operation: 'Req', namespace: 'urn: x', fields: [] })).toThrow(/namespace/);
		// Through the material layer the same failure is an input error of the field.
		expect(() => materialDetailRequest(SOAP_SERVICES.getSapDetails, 'x\u0007', settings())).toThrow(CampariInputError);
		expect(() => materialDetailRequest(SOAP_SERVICES.getSapDetails, 'x', settings({ soapAction: 'a"b' }))).toThrow(/SOAP action/);
	});

	test('the request: POST, quoted SOAPAction, text/xml, the envelope, reads repeatable and the insert not', () => {
		const read = materialDetailRequest(SOAP_SERVICES.getSapInterspecDetails, '42', settings({ soapAction: 'RetrieveMaterialDetail' }));
		expect(read).toMatchObject({ method: 'POST', path: 'p', headers: { soapaction: '"RetrieveMaterialDetail"' }, raw: { contentType: 'text/xml; charset=utf-8' }, responseType: 'text', repeatable: true });
		expect(read.raw?.body).toContain('<m:Request_RetriveMaterialDetail xmlns:m="urn:campari:material"><m:MaterialCode>42</m:MaterialCode>');
		const insert = insertInCtsRequest({ ProductionOrder: 'PO1', Material: 'M' }, settings());
		expect(insert.repeatable).toBe(false);
		expect(insert.raw?.body).toContain('<m:ProductionOrder>PO1</m:ProductionOrder><m:Material>M</m:Material></m:NotifyProductInitializationRequest>');
	});
});

describe('lib/soap parse', () => {
	test('a DOCTYPE with entities (billion laughs) is refused before parsing', () => {
		const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol1;</lolz>`;
		expect(() => parseXml(bomb)).toThrow(SoapXmlError);
		expect(() => parseXml(bomb)).toThrow(/DOCTYPE/);
		expect(() => parseXml('<!doctype x SYSTEM "file:///etc/passwd"><x/>')).toThrow(/DOCTYPE/);
	});

	test('only XML entities and character references are decoded; other named ones stay literal', () => {
		expect(parseXml('<a><b>&lt;&amp;&#233;&#x20AC;&nbsp;&copy;</b></a>')).toEqual({ a: { b: '<&é€&nbsp;&copy;' } });
	});

	test('size and depth limits, malformed XML', () => {
		expect(() => parseXml(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000 })).toThrow(/above the limit of 1000/);
		expect(() => parseXml(`${'<a>'.repeat(200)}${'</a>'.repeat(200)}`)).toThrow(SoapXmlError);
		expect(() => parseXml('<a><b>1</a>')).toThrow(/could not be read/);
		expect(() => parseXml('not xml')).toThrow(SoapXmlError);
		expect(() => parseSoap('<a/>')).toThrow(/not a SOAP envelope/);
	});

	test('repeated elements are arrays even once, values stay strings, empty elements are ""', () => {
		const body = parseSoap(env(`<r:Resp xmlns:r="urn:r">\n  <r:MaterialMasterData><r:N>007</r:N><r:E/><r:F></r:F></r:MaterialMasterData>\n</r:Resp>`), { arrays: ['MaterialMasterData'] }).body;
		expect(body).toEqual({ Resp: { MaterialMasterData: [{ N: '007', E: '', F: '' }] } });
		expect(findRecords(body, ['Resp', 'MaterialMasterData'])).toHaveLength(1);
	});

	test('faults, SOAP 1.1 and 1.2', () => {
		expect(parseSoap(env('<s:Fault><faultcode>s:Server</faultcode><faultstring>Locked &amp; busy</faultstring><detail><x>1</x></detail></s:Fault>')).fault).toEqual({ code: 's:Server', text: 'Locked & busy', detail: { x: '1' } });
		const soap12 = '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text xml:lang="en">Bad</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>';
		expect(parseSoap(soap12).fault).toEqual({ code: 'e:Sender', text: 'Bad' });
	});
});

describe('lib/soap answers', () => {
	test('a Fault on HTTP 500 (and on 200) is a SoapFaultError with its code and text', () => {
		const fault = env('<s:Fault><faultcode>s:Client</faultcode><faultstring>MaterialCode is mandatory</faultstring></s:Fault>');
		for (const status of [500, 200]) {
			let caught: unknown;
			try {
				readSoapAnswer({}, answer(fault, status));
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(SoapFaultError);
			expect(caught).toMatchObject({ status, faultCode: 's:Client', faultString: 'MaterialCode is mandatory', apiMessage: 's:Client: MaterialCode is mandatory' });
			expect((caught as Error).message).toBe(`Campari API: HTTP ${status} SOAP Fault s:Client: MaterialCode is mandatory`);
		}
	});

	test('a non-SOAP error page is handed back for the usual HTTP reading; a refused 200 is an API error', () => {
		expect(readSoapAnswer({}, answer('<!DOCTYPE html><html>404</html>', 404))).toBe('<!DOCTYPE html><html>404</html>');
		expect(readSoapAnswer({}, answer('{"error":"invalid_client"}', 401))).toEqual({ error: 'invalid_client' });
		expect(() => readSoapAnswer({}, answer('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))).toThrow(CampariApiError);
		expect(() => readSoapAnswer({}, answer('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))).toThrow(/SOAP answer was refused: the XML declares a DOCTYPE/);
	});

	test('the CTS insert: its fields surfaced, and a ResponseType Status of error fails it', () => {
		const ok = env(
			'<n:NotifyProductInitializationResponse xmlns:n="urn:n"><n:NotifyProductInitializationData><n:authenticated>true</n:authenticated><n:responseCode>0</n:responseCode><n:responseMessage>ok</n:responseMessage></n:NotifyProductInitializationData><n:CommonResponse><n:ResponseType><n:Status>S</n:Status><n:Class>CTS</n:Class><n:Code>000</n:Code><n:Message>done</n:Message></n:ResponseType></n:CommonResponse></n:NotifyProductInitializationResponse>',
		);
		const request = insertInCtsRequest({ ProductionOrder: 'PO1' }, settings());
		const body = request.readBody?.(answer(ok));
		expect(insertInCtsItem(body as never)).toEqual({
			authenticated: 'true',
			responseCode: '0',
			responseMessage: 'ok',
			Status: 'S',
			Class: 'CTS',
			Code: '000',
			Message: 'done',
			ResponseType: [{ Status: 'S', Class: 'CTS', Code: '000', Message: 'done' }],
		});
		const refused = ok.replace('<n:Status>S</n:Status>', '<n:Status>E</n:Status>').replace('<n:Code>000</n:Code>', '<n:Code>CTS-409</n:Code>');
		expect(() => request.readBody?.(answer(refused))).toThrow(/CTS reports Status E CTS-409: done/);
	});

	test('records of a read: 0..n MaterialMasterData', () => {
		const service = SOAP_SERVICES.getSapDetails;
		const body = (records: string) => parseSoap(env(`<Response_RetriveMaterialTp><Material><MatDoc>${records}</MatDoc></Material></Response_RetriveMaterialTp>`), { arrays: ['MaterialMasterData'] }).body;
		expect(materialRecords(service, body(''))).toEqual([]);
		expect(materialRecords(service, body('<MaterialMasterData><MatlNum>1</MatlNum></MaterialMasterData><MaterialMasterData><MatlNum>2</MatlNum></MaterialMasterData>'))).toEqual([{ MatlNum: '1' }, { MatlNum: '2' }]);
	});
});
