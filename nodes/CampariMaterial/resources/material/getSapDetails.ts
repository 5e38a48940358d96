import { SOAP_SERVICES } from '../../../../lib/soap/material';
import { materialDetailOperation } from '../../shared/soap';

export const getSapDetails = materialDetailOperation({
	service: SOAP_SERVICES.getSapDetails,
	name: 'Get SAP Details',
	value: 'getSapDetails',
	action: 'Get material details from SAP',
	description: 'Retrieve material master data from SAP (SOAP RetrieveMaterialTp), one item per record',
});
