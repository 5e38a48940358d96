import { SOAP_SERVICES } from '../../../../lib/soap/material';
import { materialDetailOperation } from '../../shared/soap';

export const getSapInterspecDetails = materialDetailOperation({
	service: SOAP_SERVICES.getSapInterspecDetails,
	name: 'Get SAP and Interspec Details',
	value: 'getSapInterspecDetails',
	action: 'Get material details from SAP and Interspec',
	description: 'Retrieve material master data from SAP and Interspec (SOAP RetrieveMaterialDetail), one item per record',
});
