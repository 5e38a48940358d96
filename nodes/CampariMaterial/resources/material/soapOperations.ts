import type { Operation } from '../../shared/types';

/** The Material API's SOAP services (insert in CTS, details from SAP / SAP and Interspec). */
export const soapOperations: Operation[] = [];
