import { ctsInserts, expectedSoapNamespace, SANDBOX_SOAP_NAMESPACE } from '../sandbox/routes/soap';
import { CampariSandbox, DEMO_CLIENT_SECRET } from '../sandbox/server';
import { chain, newCredentialsHelper, node, runWorkflow, sandboxCredential } from './helpers/harness';
import { useSandbox } from './helpers/sandbox';

const TYPE = 'n8n-nodes-campari.campariMaterial';
const SPECIAL = 'Bière Ñ € & <Campari> "Bitter" \'1L\'';

// Element → node parameter, all mandatory but sourcePlant.
const insertFields = (over: Record<string, string> = {}) => ({
	productionOrder: 'PO-1001',
	material: '000000000000100001',
	status: 'REL',
	line: 'L1',
	palletSize: '60',
	plannedStartDate: '2025-03-01T06:00:00',
	plannedEndDate: '2025-03-01T14:00:00',
	targetQuantity: '1200',
	targetUnit: 'CS',
	targetPallets: '20',
	sequence: '1',
	purchaseOrder: '4500001234',
	bestBeforeDate: '2027-03-01',
	shift: 'A',
	casesPreviousBatch: '0',
	destinationCountry: 'IT',
	sourcePlant: 'IT01',
	...over,
});

describe('Campari Material node: SOAP operations against the sandbox', () => {
	let sandbox: CampariSandbox;
	const run = (nodeParams: Record<string, unknown>, items: unknown[] = [{}], extra: Record<string, unknown> = {}) =>
		runWorkflow(
			[
				node('Trigger', 'n8n-nodes-base.manualTrigger'),
				node('Items', 'test.itemsSource', { items: JSON.stringify(items) }),
				node('SOAP', TYPE, { resource: 'material', ...nodeParams } as never, extra),
			],
			chain('Trigger', 'Items', 'SOAP'),
			newCredentialsHelper(sandboxCredential(sandbox)),
		);
	/** Every token the sandbox issued: none may appear in the run's output or errors. */
	const expectNoSecrets = (serialized: string) => {
		expect(serialized).not.toContain(DEMO_CLIENT_SECRET);
		expect(sandbox.state.tokens.size).toBeGreaterThan(0);
		for (const token of sandbox.state.tokens.keys()) expect(serialized).not.toContain(token);
	};

	useSandbox((s) => (sandbox = s));
	beforeEach(() => {
		sandbox.state.store.delete('soap.cts');
		sandbox.state.store.delete('soap.namespace');
	});

	test('insertInCts with every field: one item with the answer surfaced, the sandbox stored exactly what was sent', async () => {
		const result = await run({ operation: 'insertInCts', ...insertFields({ productionOrder: `PO ${SPECIAL}` }) });
		const out = result.output('SOAP');
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual({
			authenticated: 'true',
			responseCode: '0',
			responseMessage: `Production order PO ${SPECIAL} received`,
			Status: 'S',
			Class: 'CTS',
			Code: '000',
			Message: `Production order PO ${SPECIAL} for material 000000000000100001 initialized`,
			ResponseType: [
				{ Status: 'S', Class: 'CTS', Code: '000', Message: `Production order PO ${SPECIAL} for material 000000000000100001 initialized` },
				{ Status: 'I', Class: 'CTS', Code: '010', Message: 'Line L1 scheduled from 2025-03-01T06:00:00' },
			],
		});
		const stored = ctsInserts(sandbox.state);
		expect(stored).toHaveLength(1);
		expect(stored[0].fields).toEqual({
			ProductionOrder: `PO ${SPECIAL}`,
			Material: '000000000000100001',
			Status: 'REL',
			Line: 'L1',
			PalletSize: '60',
			PlannedStartDate: '2025-03-01T06:00:00',
			PlannedEndDate: '2025-03-01T14:00:00',
			TargetQuantity: '1200',
			TargetUnit: 'CS',
			TargetPallets: '20',
			Sequence: '1',
			PurchaseOrder: '4500001234',
			BestBeforeDate: '2027-03-01',
			Shift: 'A',
			CasesPreviousBatch: '0',
			DestinationCountry: 'IT',
			SourcePlant: 'IT01',
		});
		const [seen] = sandbox.seen('soap.insertInCts');
		expect(seen).toMatchObject({ method: 'POST', path: '/master-data/materials/cts/soap' });
		expect(seen.headers).toMatchObject({ soapaction: '"NotifyProductInitilization"', 'content-type': 'text/xml; charset=utf-8', authorization: expect.stringMatching(/^Bearer /) });
		expectNoSecrets(result.serialized);
	});

	test('SourcePlant is optional: left out of the envelope when empty', async () => {
		const result = await run({ operation: 'insertInCts', ...insertFields({ sourcePlant: '' }) });
		expect(result.output('SOAP')[0].json.Status).toBe('S');
		expect(ctsInserts(sandbox.state)[0].fields).not.toHaveProperty('SourcePlant');
		expect(sandbox.seen('soap.insertInCts')[0].body).not.toContain('SourcePlant');
	});

	test('a missing mandatory field fails naming the field and the item, and nothing is sent (not even for the good item)', async () => {
		const result = await run({ operation: 'insertInCts', ...insertFields({ palletSize: '={{ $json.pallets }}' }) }, [{ pallets: '60' }, { pallets: '' }]);
		expect(result.error?.message).toBe('Pallet Size (PalletSize) is empty [item 1]');
		expect(result.error?.description).toBe('Check the field "palletSize" of item 1.');
		expect(sandbox.seen('soap.insertInCts')).toHaveLength(0);
		expect(sandbox.stats.apiRequests).toBe(0);
		expect(ctsInserts(sandbox.state)).toHaveLength(0);
	});

	test('a ResponseType Status of error fails the item with its code and message; Continue On Fail keeps the others', async () => {
		const result = await run(
			{ operation: 'insertInCts', ...insertFields({ productionOrder: '={{ $json.po }}' }) },
			[{ po: 'PO-1' }, { po: 'PO-1' }, { po: 'PO-2' }],
			{ onError: 'continueRegularOutput' },
		);
		// Whichever PO-1 arrives second is refused.
		const out = result.output('SOAP');
		expect(out).toHaveLength(3);
		const failed = out.filter((o) => o.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			error: expect.stringContaining('CTS reports Status E CTS-409: Production order PO-1 is already initialized'),
			faultCode: 'CTS-409',
			faultString: 'Production order PO-1 is already initialized',
			httpCode: '200',
		});
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(ctsInserts(sandbox.state).map((c) => c.fields.ProductionOrder).sort()).toEqual(['PO-1', 'PO-2']);
	});

	test('getSapInterspecDetails and getSapDetails: one item per MaterialMasterData record, zero for a code without any', async () => {
		const codes = [{ code: '000000000000100002' }, { code: '000000000000100010' }, { code: '000000000000100001' }];
		const detail = await run({ operation: 'getSapInterspecDetails', materialCode: '={{ $json.code }}' }, codes);
		const out = detail.output('SOAP');
		// 100002 → 3 records, 100010 → none, 100001 → 2.
		expect(out.map((o) => [o.json.MatlNum, o.pairedItem])).toEqual([
			['000000000000100002', { item: 0 }],
			['000000000000100002', { item: 0 }],
			['000000000000100002', { item: 0 }],
			['000000000000100001', { item: 2 }],
			['000000000000100001', { item: 2 }],
		]);
		expect(out[0].json).toMatchObject({ Function: '009', MatlDesc: SPECIAL, ClntDelInd: '', OldMatlNum: '', MatlType: 'FERT', DocNum: 'DOC-000000000000100002-1' });
		expect(out[0].json).not.toHaveProperty('PageDocNum');
		expect(Object.values(out[0].json).every((v) => typeof v === 'string')).toBe(true);
		const seen = sandbox.seen('soap.getSapInterspecDetails');
		expect(seen).toHaveLength(3);
		expect(seen[0].headers.soapaction).toBe('"RetrieveMaterialDetail"');

		const tp = await run({ operation: 'getSapDetails', materialCode: '000000000000100003' });
		expect(tp.output('SOAP').map((o) => o.json)).toEqual([expect.objectContaining({ MatlNum: '000000000000100003', PageDocNum: '1', SheetNum: '001' })]);
		expect(sandbox.seen('soap.getSapDetails')[0].path).toBe('/master-data/materials/sap/soap');
		expectNoSecrets(detail.serialized + tp.serialized);
	});

	test('Keep Whole Answer: the whole SOAP Body as one item, MaterialMasterData always an array', async () => {
		const one = await run({ operation: 'getSapDetails', materialCode: '000000000000100003', options: { keepWhole: true } });
		expect(one.output('SOAP').map((o) => o.json)).toEqual([
			{ Response_RetriveMaterialTp: { Material: { MatDoc: { MaterialMasterData: [expect.objectContaining({ MatlNum: '000000000000100003', SheetNum: '001' })] } } } },
		]);
		const none = await run({ operation: 'getSapInterspecDetails', materialCode: '900000000000000001', options: { keepWhole: true } });
		expect(none.output('SOAP').map((o) => o.json)).toEqual([{ Response_RetriveMaterialDetail: { Material: { MatDoc: '' } } }]);
	});

	test('a SOAP Fault (HTTP 500) fails the item with its code and text, once: it is not retried', async () => {
		const failed = await run({ operation: 'getSapInterspecDetails', materialCode: 'FAULT-42' });
		expect(failed.error?.message).toBe('Campari API: HTTP 500 SOAP Fault soapenv:Server: Material FAULT-42 is locked by another SAP user [item 0]');
		expect(failed.error?.description).toBe('soapenv:Server: Material FAULT-42 is locked by another SAP user');
		expect(sandbox.seen('soap.getSapInterspecDetails')).toHaveLength(1);
		expectNoSecrets(failed.serialized);

		const kept = await run({ operation: 'getSapDetails', materialCode: '={{ $json.code }}' }, [{ code: 'FAULT-7' }, { code: '000000000000100003' }], { onError: 'continueRegularOutput' });
		const out = kept.output('SOAP');
		expect(out[0].json).toEqual({
			error: 'Campari API: HTTP 500 SOAP Fault soapenv:Server: Material FAULT-7 is locked by another SAP user [item 0]',
			description: 'soapenv:Server: Material FAULT-7 is locked by another SAP user',
			itemIndex: 0,
			httpCode: '500',
			faultCode: 'soapenv:Server',
			faultString: 'Material FAULT-7 is locked by another SAP user',
		});
		expect(out[1].json.MatlNum).toBe('000000000000100003');
		expectNoSecrets(kept.serialized);
	});

	test('the sandbox faults on a wrong SOAPAction and on a wrong namespace; the options override both, and the path', async () => {
		const wrongAction = await run({ operation: 'getSapDetails', materialCode: '1', options: { soapAction: 'RetrieveMaterialDetail' } });
		expect(wrongAction.error?.message).toContain('SOAP Fault soapenv:Client: Unknown SOAPAction "RetrieveMaterialDetail" for this service (expected "RetrieveMaterialTp")');

		expectedSoapNamespace(sandbox.state, 'urn:campari:wsdl:v2');
		const wrongNs = await run({ operation: 'getSapDetails', materialCode: '1' });
		expect(wrongNs.error?.message).toContain(`Request_RetriveMaterialTp must be in namespace "urn:campari:wsdl:v2", not "${SANDBOX_SOAP_NAMESPACE}"`);
		// The interspec read sent to the SAP service: path, action and namespace overridden, fields unqualified.
		const overridden = await run({
			operation: 'getSapInterspecDetails',
			materialCode: '000000000000100001',
			options: { path: 'materials/sap/soap', soapAction: 'RetrieveMaterialTp', namespace: 'urn:campari:wsdl:v2', qualified: false },
		});
		expect(overridden.error?.message).toContain('The Body must hold exactly one Request_RetriveMaterialTp');
		const seen = sandbox.seen('soap.getSapDetails').at(-1);
		expect(seen?.headers.soapaction).toBe('"RetrieveMaterialTp"');
		expect(seen?.body).toContain('<m:Request_RetriveMaterialDetail xmlns:m="urn:campari:wsdl:v2"><MaterialCode>000000000000100001</MaterialCode>');

		const unqualified = await run({ operation: 'getSapDetails', materialCode: '000000000000100001', options: { namespace: 'urn:campari:wsdl:v2', qualified: false } });
		expect(unqualified.output('SOAP')).toHaveLength(2);
	});

	test('an answer with a DOCTYPE and entities (XML bomb) is refused with a clear error', async () => {
		const bomb =
			'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
			'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><Response_RetriveMaterialTp><Material><MatDoc><MaterialMasterData><MatlNum>&lol3;</MatlNum></MaterialMasterData></MatDoc></Material></Response_RetriveMaterialTp></soapenv:Body></soapenv:Envelope>';
		sandbox.addFault({ route: 'soap.getSapDetails', action: { type: 'reply', status: 200, headers: { 'content-type': 'text/xml' }, body: bomb } });
		const external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>&xxe;</x></soapenv:Body></soapenv:Envelope>';
		sandbox.addFault({ route: 'soap.getSapInterspecDetails', action: { type: 'reply', status: 200, headers: { 'content-type': 'text/xml' }, body: external } });
		const result = await run({ operation: 'getSapDetails', materialCode: '000000000000100001' }, [{}], { onError: 'continueRegularOutput' });
		expect(result.output('SOAP')[0].json).toMatchObject({
			error: 'Campari API: HTTP 200, but the SOAP answer was refused: the XML declares a DOCTYPE or entities, which are refused (entity expansion and external entities are not allowed) [item 0]',
			httpCode: '200',
		});
		expect(result.serialized).not.toContain('lollollol');
		const xxe = await run({ operation: 'getSapInterspecDetails', materialCode: '000000000000100001' });
		expect(xxe.error?.message).toContain('the SOAP answer was refused: the XML declares a DOCTYPE');
		expect(xxe.serialized).not.toContain('root:');
	});

	test('special characters round-trip: sent in an insert, stored by the sandbox, read back through a read', async () => {
		const material = `MAT ${SPECIAL} 7`;
		const order = `PO <&> ${SPECIAL}`;
		await run({ operation: 'insertInCts', ...insertFields({ productionOrder: order, material, shift: 'Nacht/Ñ' }) });
		expect(ctsInserts(sandbox.state)[0].fields).toMatchObject({ ProductionOrder: order, Material: material, Shift: 'Nacht/Ñ' });
		const read = await run({ operation: 'getSapDetails', materialCode: material });
		const records = read.output('SOAP').map((o) => o.json);
		// "…7" has 1 + ('7' mod 3) = 2 generated records, then the CTS one.
		expect(records).toHaveLength(3);
		expect(records.every((r) => r.MatlNum === material)).toBe(true);
		expect(records[2]).toMatchObject({ Function: 'CTS', DocNum: order, MatlDesc: order, ChangedBy: 'Nacht/Ñ' });
	});

	test('same client as REST: a revoked token is replaced once; a 502 is retried for a read but not for the insert', async () => {
		await run({ operation: 'getSapDetails', materialCode: '000000000000100003' });
		expect(sandbox.stats.tokenRequests).toBe(1);
		sandbox.addFault({ route: 'soap.getSapDetails', action: { type: 'revoke' } });
		const again = await run({ operation: 'getSapDetails', materialCode: '000000000000100003' });
		expect(again.output('SOAP')).toHaveLength(1);
		expect(sandbox.stats.tokenRequests).toBe(2);
		expect(sandbox.stats.unauthorized).toBe(1);

		sandbox.resetCounters();
		sandbox.addFault({ route: 'soap.getSapDetails', action: { type: 'reply', status: 502, body: 'bad gateway' } });
		const read = await run({ operation: 'getSapDetails', materialCode: '000000000000100003' });
		expect(read.output('SOAP')).toHaveLength(1);
		expect(sandbox.seen('soap.getSapDetails')).toHaveLength(2);

		sandbox.addFault({ route: 'soap.insertInCts', action: { type: 'reply', status: 502, body: 'bad gateway' } });
		const insert = await run({ operation: 'insertInCts', ...insertFields() });
		expect(insert.error?.message).toBe('Campari API: HTTP 502 bad gateway: bad gateway [item 0]');
		expect(sandbox.seen('soap.insertInCts')).toHaveLength(1);
		expect(ctsInserts(sandbox.state)).toHaveLength(0);
	});
});
